"""Theme loading: inheritance, and an actionable error (file:line, what, fix) for each mistake."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publish.model.diagnostics import BuildError, Diagnostic
from publish.theme import CHECKOUT_THEMES, available_themes, load_theme, to_points


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A themes folder holding a copy of the default theme, for variants to extend."""
    shutil.copytree(CHECKOUT_THEMES / "default", tmp_path / "default")
    return tmp_path


def write(root: Path, name: str, text: str) -> Path:
    folder = root / name
    folder.mkdir(exist_ok=True)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    return folder / "theme.yaml"


def failure(root: Path, name: str) -> Diagnostic:
    with pytest.raises(BuildError) as caught:
        load_theme(name, root)
    return caught.value.diagnostic


def line(file: Path, needle: str) -> int:
    """The 1-based line of the first line of `file` that contains `needle`."""
    return next(n for n, text in enumerate(file.read_text().splitlines(), 1) if needle in text)


# ---------------------------------------------------------------- shipped themes and inheritance

def test_shipped_themes_load() -> None:
    assert {"default", "executive"} <= set(available_themes())
    for name in available_themes():
        theme = load_theme(name)
        assert theme.logo is not None and theme.logo.is_file()
        assert all(font.file() is not None for font in theme.fonts.values())


def test_executive_sets_only_what_differs_and_inherits_the_rest() -> None:
    default, executive = load_theme("default"), load_theme("executive")
    assert executive.chain == (CHECKOUT_THEMES / "executive", CHECKOUT_THEMES / "default")
    assert executive.colors["primary"] != default.colors["primary"]
    assert executive.colors["background"] == default.colors["background"]
    assert executive.setting("sizes", "h3") == default.setting("sizes", "h3")
    assert executive.logo == CHECKOUT_THEMES / "executive" / "assets" / "logo.svg"
    heading = executive.font("heading")
    assert (heading.family, heading.office, heading.package) == ("Caladea", "Cambria", "fonts-crosextra-caladea")
    assert executive.font("body").office == "Arial"
    assert executive.font("mono") == default.font("mono")
    executive_yaml = (CHECKOUT_THEMES / "executive" / "theme.yaml").read_text()
    for section in ("colors", "sizes", "slides", "labels"):
        for key, value in executive.tokens[section].items():
            if f"  {key}:" in executive_yaml:
                assert value != default.tokens[section][key], f"{section}.{key} repeats the default"


def test_nearest_theme_wins_and_a_font_is_replaced_whole(root: Path) -> None:
    write(root, "child", "extends: default\ncolors:\n  accent: '#123456'\n"
                         "fonts:\n  heading: {family: DejaVu Serif}\n")
    write(root, "grandchild", "extends: child\ncolors:\n  primary: '#0A0A0A'\n")
    theme = load_theme("grandchild", root)
    assert theme.colors["accent"] == "#123456"
    assert theme.colors["primary"] == "#0A0A0A"
    assert theme.colors["text"] == load_theme("default", root).colors["text"]
    # No Carlito package (nor office name) leaks into the DejaVu Serif token.
    assert theme.font("heading") == type(theme.font("heading"))("DejaVu Serif", "DejaVu Serif")
    assert theme.where("colors", "accent") == (root / "child" / "theme.yaml", 3)
    assert theme.where("colors", "primary") == (root / "grandchild" / "theme.yaml", 3)
    assert theme.where("colors", "text")[0] == root / "default" / "theme.yaml"


def test_lengths_convert_to_points() -> None:
    assert to_points("72pt") == 72
    assert to_points("1in") == 72
    assert to_points("25.4mm") == pytest.approx(72)
    assert to_points("2.54cm") == pytest.approx(72)
    assert to_points("16px") == 12


# ---------------------------------------------------------------- unknown keys, at every level

@pytest.mark.parametrize(("text", "needle", "message", "fix"), [
    ("extends: default\ncolours:\n  primary: '#000000'\n", "colours:", "unknown key 'colours' in the theme",
     "did you mean 'colors'?"),
    ("extends: default\ncolors:\n  primry: '#000000'\n", "primry", "unknown key 'primry' in 'colors'",
     "did you mean 'primary'?"),
    ("extends: default\nfonts:\n  body:\n    famly: Carlito\n", "famly", "unknown key 'famly' in 'fonts.body'",
     "did you mean 'family'?"),
    ("extends: default\nfonts:\n  body:\n    family: Carlito\n    files:\n      regular: a.ttf\n      bld: b.ttf\n",
     "bld:", "unknown key 'bld' in 'fonts.body.files'", "did you mean 'bold'?"),
    ("extends: default\nsizes:\n  margin_top: 20mm\n", "margin_top", "unknown key 'margin_top' in 'sizes'",
     "'margin_top' belongs under 'paper:'"),
    ("extends: default\nmax_bullets: 4\n", "max_bullets", "unknown key 'max_bullets' in the theme",
     "put it under 'slides:'"),
])
def test_unknown_key_names_the_line_and_a_likely_fix(root: Path, text: str, needle: str, message: str,
                                                     fix: str) -> None:
    file = write(root, "brand", text)
    found = failure(root, "brand")
    assert (found.code, found.message, found.fix) == ("theme-key", message, fix)
    assert (found.path, found.line) == (file, line(file, needle))


def test_a_key_set_twice_is_an_error(root: Path) -> None:
    file = write(root, "brand", "extends: default\ncolors:\n  primary: '#111111'\nsizes:\n  body: 10pt\n"
                                "colors:\n  accent: '#222222'\n")
    found = failure(root, "brand")
    assert found.message == "'colors' is set twice (first on line 2)"
    assert (found.path, found.line) == (file, 6)


# ---------------------------------------------------------------- values

@pytest.mark.parametrize(("token", "message", "fix_part"), [
    ("colors:\n  primary: navy", "colors.primary: 'navy' is not a colour", "'#RRGGBB'"),
    ("colors:\n  primary: '#12345'", "colors.primary: '#12345' is not a colour", "'#RRGGBB'"),
    ("colors:\n  primary: #1F4E79", "colors.primary is empty", "an unquoted '#' starts a YAML comment"),
    ("sizes:\n  body: 10.5", "sizes.body: 10.5 has no unit", "'10.5pt'"),
    ("sizes:\n  body: 12em", "sizes.body: '12em' is not a length", "pt, mm, cm, in, px"),
    ("sizes:\n  body: -3pt", "sizes.body: '-3pt' is not a length", "10.5pt"),
    ("sizes:\n  body: 0pt", "sizes.body: a size of 0pt draws nothing", "above zero"),
    ("sizes:\n  body: 0.5pt", "sizes.body: 0.5pt is outside the range both artifacts can show", "1pt to 400pt"),
    ("sizes:\n  h1: 10000pt", "sizes.h1: 10000pt is outside the range both artifacts can show", "1pt to 400pt"),
    ("paper:\n  margin_top: 40in", "paper.margin_top: 40in is outside the range both artifacts can show", "(30in)"),
    ("slides:\n  max_bullets: 100000", "slides.max_bullets: 100000 is outside the range both artifacts can show",
     "1 to 1000"),
    ("sizes:\n  line_height: 50", "sizes.line_height: 50 is outside the range both artifacts can show", "0.5 to 5"),
    ("sizes:\n  line_height: tall", "sizes.line_height: 'tall' is not a number above 0", "1.4"),
    ("paper:\n  size: a5", "paper.size: 'a5' is not a paper size", "a4, letter"),
    ("slides:\n  max_bullets: 0", "slides.max_bullets: 0 is not a whole number above 0", "6"),
    ("fonts:\n  body: Carlito", "fonts.body: must give 'family' (and 'office')", "family: Carlito"),
    ("fonts:\n  body: {family: 'Carlito;evil'}", "fonts.body.family: 'Carlito;evil' is not a font name", "letters"),
    ("fonts:\n  body: {family: Carlito, files: {bold: b.ttf}}", "fonts.body.files has no 'regular' file",
     "regular: fonts/"),
    ("logo: 3", "logo: 3 is not text", "quote"),
    ("logo: ../../secret.svg", "logo: ../../secret.svg is outside the theme folder", "assets/logo.svg"),
    ("fonts:\n  body: {family: Brand, files: {regular: /usr/share/fonts/x.ttf}}",
     "fonts.body.files.regular: '/usr/share/fonts/x.ttf' is not a path in the theme", "relative to the theme"),
])
def test_bad_value_names_token_line_and_fix(root: Path, token: str, message: str, fix_part: str) -> None:
    file = write(root, "brand", f"extends: default\n{token}\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-value", message)
    assert fix_part in (found.fix or "")
    assert (found.path, found.line) == (file, 2 + token.count("\n"))


def test_the_line_is_the_token_in_its_own_section(root: Path) -> None:
    """`body:` is both a font and a size; the error must point at the size."""
    file = write(root, "brand", "extends: default\nfonts:\n  body: {family: Carlito}\nsizes:\n  body: 11\n")
    assert failure(root, "brand").line == line(file, "  body: 11")


def test_a_floor_above_its_size_is_an_error(root: Path) -> None:
    file = write(root, "brand", "extends: default\nslides:\n  body_size: 20pt\n  body_min: 22pt\n")
    found = failure(root, "brand")
    assert found.message == "slides.body_min (22pt) is above slides.body_size (20pt)"
    assert (found.path, found.line) == (file, 4)


def test_a_theme_without_extends_must_be_complete(root: Path) -> None:
    write(root, "bare", "colors:\n  primary: '#000000'\n")
    found = failure(root, "bare")
    assert found.code == "theme-missing"
    assert "'colors' lacks secondary" in found.message
    assert "extends: default" in (found.fix or "")


# ---------------------------------------------------------------- files: fonts and logo

def test_missing_font_with_a_package_gives_the_apt_get_line(root: Path) -> None:
    file = write(root, "brand", "extends: default\nfonts:\n"
                                "  heading: {family: Nowhere Serif, package: fonts-nowhere}\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-font", "font 'Nowhere Serif' (fonts.heading) is not installed")
    assert found.fix == "install it: sudo apt-get install fonts-nowhere"
    assert (found.path, found.line) == (file, 3)


def test_missing_font_without_a_package_says_which_files_to_add(root: Path) -> None:
    file = write(root, "brand", "extends: default\nfonts:\n  body: {family: Nowhere Sans}\n")
    found = failure(root, "brand")
    assert found.message == "font 'Nowhere Sans' (fonts.body) is not installed"
    assert f"add its files under {root / 'brand'}/fonts/" in (found.fix or "")
    assert "regular: fonts/NowhereSans-Regular.ttf" in (found.fix or "")
    assert (found.path, found.line) == (file, 3)


def test_listed_font_file_must_exist(root: Path) -> None:
    write(root, "brand", "extends: default\nfonts:\n  body:\n    family: Brand Sans\n"
                         "    files: {regular: fonts/Brand-Regular.ttf}\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-font", "font file fonts/Brand-Regular.ttf does not exist")
    assert f"add it to {root / 'brand' / 'fonts'}/" in (found.fix or "")


def test_font_files_in_the_theme_are_used_for_measuring(root: Path) -> None:
    regular = load_theme("default").font("body").file()
    assert regular is not None
    write(root, "brand", "extends: default\nfonts:\n  body:\n    family: Brand Sans\n"
                         "    files: {regular: fonts/Brand-Regular.ttf}\n")
    (root / "brand" / "fonts").mkdir()
    shutil.copy(regular, root / "brand" / "fonts" / "Brand-Regular.ttf")
    font = load_theme("brand", root).font("body")
    assert font.file() == font.file(bold=True) == root / "brand" / "fonts" / "Brand-Regular.ttf"


def test_missing_logo(root: Path) -> None:
    file = write(root, "brand", "extends: default\nlogo: assets/brand.svg\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-logo", "logo assets/brand.svg does not exist")
    assert found.fix == f"add the picture as {root / 'brand' / 'assets' / 'brand.svg'}, or remove the 'logo:' line"
    assert (found.path, found.line) == (file, 2)


def test_logo_that_is_not_a_picture(root: Path) -> None:
    write(root, "brand", "extends: default\nlogo: logo.txt\n")
    (root / "brand" / "logo.txt").write_text("not a picture")
    assert failure(root, "brand").message == "logo logo.txt is not a picture"


# ---------------------------------------------------------------- which theme: unknown, extends, cycles

def test_unknown_theme_lists_the_themes(root: Path) -> None:
    write(root, "brand", "extends: default\n")
    found = failure(root, "defualt")
    assert (found.code, found.message) == ("theme-unknown", "unknown theme 'defualt' (themes: brand, default)")
    assert (found.fix or "").startswith("did you mean 'default'? use --theme with one of: brand, default")


def test_a_theme_name_is_a_folder_name_not_a_path(root: Path) -> None:
    assert failure(root, "../default").code == "theme-unknown"


def test_extending_a_missing_theme_points_at_the_extends_line(root: Path) -> None:
    file = write(root, "brand", "name: Brand\nextends: defalt\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == (
        "theme-extends", "theme 'brand' extends 'defalt', which does not exist (themes: brand, default)")
    assert (found.fix or "").startswith("did you mean 'default'? set 'extends:' to one of")
    assert (found.path, found.line) == (file, 2)


def test_cycle_in_extends(root: Path) -> None:
    write(root, "a", "extends: b\n")
    file = write(root, "b", "colors:\n  primary: '#000000'\nextends: a\n")
    found = failure(root, "a")
    assert (found.code, found.message) == ("theme-cycle", "themes extend each other in a cycle: a -> b -> a")
    assert (found.path, found.line) == (file, 3)
    assert "remove 'extends: a'" in (found.fix or "")


def test_a_theme_extending_itself_is_a_cycle(root: Path) -> None:
    write(root, "a", "extends: a\n")
    assert failure(root, "a").message == "themes extend each other in a cycle: a -> a"


def test_yaml_syntax_error_has_a_line(root: Path) -> None:
    file = write(root, "brand", "extends: default\ncolors:\n  primary: '#000000\n  accent: x\n")
    found = failure(root, "brand")
    assert found.code == "theme-yaml"
    assert found.path == file and found.line is not None


# ---------------------------------------------------------------- contrast, as part of loading

def test_low_contrast_fails_the_load_naming_tokens_ratio_and_a_fix(root: Path) -> None:
    file = write(root, "pale", "extends: default\ncolors:\n  muted: '#AAAAAA'\n")
    found = failure(root, "pale")
    assert found.code == "theme-contrast"
    assert "colors.muted on colors.background: 2.32:1, needs 4.5:1 (body text)" in found.message
    assert (found.path, found.line) == (file, 3)
    suggested = (found.fix or "").split("muted: '")[1][:7]
    write(root, "pale", f"extends: default\ncolors:\n  muted: '{suggested}'\n")
    assert load_theme("pale", root).colors["muted"] == suggested


# ---------------------------------------------------------------- logo description

@pytest.mark.parametrize(("value", "message"), [("3", "logo_alt: 3 is not text"),
                                                 ("[a, b]", "logo_alt: ['a', 'b'] is not text")])
def test_logo_alt_must_be_text(root: Path, value: str, message: str) -> None:
    file = write(root, "brand", f"extends: default\nlogo_alt: {value}\n")
    found = failure(root, "brand")
    assert (found.code, found.message, found.path, found.line) == ("theme-value", message, file, 2)


def test_logo_alt_is_inherited_and_overridden(root: Path) -> None:
    write(root, "brand", "extends: default\n")
    write(root, "other", "extends: default\nlogo_alt: Brand mark, a blue wave\n")
    assert load_theme("brand", root).tokens["logo_alt"] == load_theme("default", root).tokens["logo_alt"]
    assert load_theme("other", root).tokens["logo_alt"] == "Brand mark, a blue wave"


# ---------------------------------------------------------------- deck/deck.yaml: the same checks, inherited

def write_deck(root: Path, name: str, text: str) -> Path:
    """`text` as the deck geometry of theme `name` (which extends default unless it has a theme.yaml)."""
    if not (root / name / "theme.yaml").is_file():
        write(root, name, "extends: default\n")
    file = root / name / "deck" / "deck.yaml"
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    return file


def test_a_theme_inherits_the_deck_geometry_it_does_not_set() -> None:
    assert load_theme("executive").deck == load_theme("default").deck


def test_a_deck_yaml_sets_only_what_differs(root: Path) -> None:
    write_deck(root, "brand", "text:\n  title_bold: false\nlayouts:\n  two:\n    left: [0.65in, 1.9in, 7in, 4.85in]\n")
    brand, default = load_theme("brand", root).deck, load_theme("default", root).deck
    assert brand is not None and default is not None
    assert brand["text"] == default["text"] | {"title_bold": False}
    assert brand["layouts"]["two"] == default["layouts"]["two"] | {"left": ["0.65in", "1.9in", "7in", "4.85in"]}
    assert {key: value for key, value in brand.items() if key not in ("text", "layouts")} == \
        {key: value for key, value in default.items() if key not in ("text", "layouts")}


def test_a_box_or_a_list_is_replaced_whole(root: Path) -> None:
    write_deck(root, "brand", "layouts:\n  callout:\n    body: [1in, 2in, 11in, 4in]\n"
                              "text:\n  levels:\n    - {margin: 0.5in, hang: 0.5in, bullet: '■'}\n")
    deck = load_theme("brand", root).deck
    assert deck is not None
    assert deck["layouts"]["callout"]["body"] == ["1in", "2in", "11in", "4in"]  # no inset left over
    assert deck["text"]["levels"] == [{"margin": "0.5in", "hang": "0.5in", "bullet": "■"}]


@pytest.mark.parametrize(("text", "needle", "message", "fix"), [
    ("text:\n  line_spacng: 1.0\n", "line_spacng", "unknown key 'line_spacng' in 'text'",
     "did you mean 'line_spacing'?"),
    ("slides: [13.333in, 7.5in]\n", "slides", "unknown key 'slides' in the deck geometry", "did you mean 'slide'?"),
    ("line_spacing: 1.0\n", "line_spacing", "unknown key 'line_spacing' in the deck geometry",
     "put it under 'text:'"),
    ("layouts:\n  two:\n    lft: [1in, 1in, 1in, 1in]\n", "lft", "unknown key 'lft' in 'layouts.two'",
     "did you mean 'left'?"),
    ("layouts:\n  agendas:\n    name: Agenda\n", "agendas", "unknown key 'agendas' in 'layouts'",
     "did you mean 'agenda'?"),
    ("layouts:\n  callout:\n    body:\n      box: [1in, 2in, 11in, 4in]\n      insett: [1in, 1in, 1in, 1in]\n",
     "insett", "unknown key 'insett' in 'layouts.callout.body'", "did you mean 'inset'?"),
])
def test_an_unknown_deck_key_names_the_line_and_a_likely_fix(root: Path, text: str, needle: str, message: str,
                                                             fix: str) -> None:
    file = write_deck(root, "brand", text)
    found = failure(root, "brand")
    assert (found.code, found.message, found.fix) == ("theme-key", message, fix)
    assert (found.path, found.line) == (file, line(file, needle))


@pytest.mark.parametrize(("text", "message", "fix_part"), [
    ("slide: [13.333in, wide]", "slide.height: 'wide' is not a length", "pt, mm, cm, in, px"),
    ("slide: [16, 9]", "slide.width: 16 has no unit", "'16pt'"),
    ("notes_page: [7.5in]", "notes_page: ['7.5in'] is not [width, height]", "2 lengths"),
    ("text:\n  inset: [0.1in, 0.05in]", "text.inset: ['0.1in', '0.05in'] is not [left, top, right, bottom]",
     "4 lengths"),
    ("text:\n  size_step: 0pt", "text.size_step: a size of 0pt draws nothing", "above zero"),
    ("text:\n  title_bold: sometimes", "text.title_bold: 'sometimes' is not true or false", "true or false"),
    ("text:\n  paragraph_space: -1", "text.paragraph_space: -1 is not a number of 0 or more", "0.45"),
    ("picture:\n  resolution: high", "picture.resolution: 'high' is not a whole number above 0", "6"),
    ("master:\n  body: [1in, 2in, 11in]", "master.body: ['1in', '2in', '11in'] is not [left, top, width, height]",
     "4 lengths"),
    ("text:\n  levels: []", "text.levels: must list the bullet levels", "margin"),
    ("table: 4pt", "'table' must be a mapping of tokens", "cell_inset"),
])
def test_a_bad_deck_value_names_key_line_and_fix(root: Path, text: str, message: str, fix_part: str) -> None:
    file = write_deck(root, "brand", text + "\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-value", message)
    assert fix_part in (found.fix or "")
    assert (found.path, found.line) == (file, 1 + text.count("\n"))


def test_a_bullet_level_needs_all_its_keys(root: Path) -> None:
    file = write_deck(root, "brand", "text:\n  levels:\n    - {margin: 0.45in, bullet: '•'}\n")
    found = failure(root, "brand")
    assert (found.code, found.message) == ("theme-missing", "'text.levels.0' lacks hang")
    assert found.fix == "give all of margin, hang, bullet"
    assert (found.path, found.line) == (file, 3)


def test_a_deck_geometry_without_a_parent_must_be_complete(root: Path) -> None:
    write(root, "alone", (root / "default" / "theme.yaml").read_text(encoding="utf-8"))
    file = write_deck(root, "alone", "slide: [13.333in, 7.5in]\n")
    found = failure(root, "alone")
    assert (found.code, found.message, found.path) == ("theme-missing", "the deck geometry lacks notes_page", file)
    assert "extends: default" in (found.fix or "")


# ---------------------------------------------------------------- labels in the document's language


def test_labels_follow_the_document_language() -> None:
    theme = load_theme("default")
    assert theme.labels("de-CH")["contents"] == "Inhalt"
    assert theme.labels("ar-SA")["questions"] == "أسئلة؟"
    assert theme.labels("fr")["questions"] == "Questions\u202f?"


def test_a_language_without_labels_keeps_the_theme_yaml_labels() -> None:
    theme = load_theme("default")
    assert theme.labels("sw") == theme.tokens["labels"]


def test_chinese_of_taiwan_hong_kong_and_macao_gets_traditional_labels() -> None:
    theme = load_theme("default")
    assert {theme.labels(lang)["contents"] for lang in ("zh-TW", "zh-HK", "zh-MO", "zh-Hant")} == {"目錄"}
    assert {theme.labels(lang)["contents"] for lang in ("zh", "zh-CN", "zh-SG", "zh-Hans")} == {"目录"}


def test_a_nearer_themes_labels_win_and_untranslated_labels_stay(root: Path) -> None:
    write(root, "brand", "extends: default\nlabels:\n  owner: Policy owner\n")
    (root / "brand" / "labels").mkdir()
    (root / "brand" / "labels" / "de.yaml").write_text("contents: Inhaltsverzeichnis\n", encoding="utf-8")
    labels = load_theme("brand", root).labels("de")
    assert labels["contents"] == "Inhaltsverzeichnis"
    assert labels["figure"] == "Abbildung"  # from the default theme's de.yaml
    (root / "default" / "labels" / "de.yaml").unlink()
    assert load_theme("brand", root).labels("de")["owner"] == "Policy owner"


def test_an_unknown_label_names_the_file_the_line_and_a_likely_fix(root: Path) -> None:
    labels = root / "default" / "labels" / "de.yaml"
    labels.write_text(labels.read_text(encoding="utf-8") + "contnets: Inhalt\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_theme("default", root).labels("de")
    found = caught.value.diagnostic
    assert (found.path, found.line) == (labels, line(labels, "contnets"))
    assert "did you mean 'contents'" in (found.fix or "")
