"""The bad-input matrix: every broken or hostile file gets a clear Vietnamese message naming the
problem and what to do, from the readers and through the wizard, and nothing the user entered is lost.

Files refused: corrupt, Word 97 renamed .docx, macro-enabled (.docm, renamed or not: macros are
never run, the file is refused), password-protected .docx/.pdf, scans, empty and 0-byte files,
files over the size limit (refused before any parsing), zip bombs, XML entities, a plan in the
report slot and the reverse, documents without criteria.  Files read with a warning: TCVN3/VNI
legacy text, mixed NFC/NFD, a report of another framework, duplicated criteria, impossible levels.
"""

from __future__ import annotations

import time
import unicodedata

import pytest

from assistant import errors
from assistant.catalog import Catalog
from assistant.controller import WizardController
from assistant.errors import CaitienError
from assistant.ingest import read_document
from assistant.plans import read_plan
from assistant.reports import read_report
from assistant.settings import load_settings
from tests.robustness import make_bad_inputs as bad
from tests.robustness.conftest import assert_vietnamese_message, errors_of

MIB = 1024 * 1024
CONTROLLER_CASES = [c for c in bad.REFUSED if c.reader != "plan"]


def _read(case: bad.Case, catalog: Catalog) -> object:
    data = case.data()
    if case.reader == "document":
        return read_document(data, case.name)
    if case.reader == "report":
        return read_report(data, case.name, catalog)
    return read_plan(data, case.name, catalog)


def _texts(ctl: WizardController, level: str | None = None) -> list[str]:
    return [m.text for m in ctl.pop_messages() if level is None or m.level == level]


# ------------------------------------------------------------------------------------ the readers


@pytest.mark.parametrize("case", bad.REFUSED, ids=lambda c: c.key)
def test_reader_refuses_with_a_vietnamese_message(case: bad.Case, catalog: Catalog) -> None:
    with pytest.raises(CaitienError) as caught:
        _read(case, catalog)
    exc = caught.value
    assert isinstance(exc, getattr(errors, case.error)), f"{type(exc).__name__} is not a {case.error}"
    assert exc.hint.strip(), "the error says what is wrong but not what to do"
    assert_vietnamese_message(exc.message, case.names, needs_action=False)
    assert_vietnamese_message(exc.hint)
    assert_vietnamese_message(str(exc), case.names)


@pytest.mark.parametrize("case", [c for c in bad.REFUSED if c.reader == "document"], ids=lambda c: c.key)
def test_the_other_readers_refuse_the_same_files(case: bad.Case, catalog: Catalog) -> None:
    """A broken file is refused the same way wherever it is uploaded (report slot or plan import)."""
    for read in (read_report, read_plan):
        with pytest.raises(errors.InputError) as caught:
            read(case.data(), case.name, catalog)
        assert_vietnamese_message(str(caught.value), case.names)


def test_macros_are_never_run_and_the_file_is_refused_not_read_as_text(catalog: Catalog) -> None:
    """A .docm is refused outright (we do not even read its text), whatever its name."""
    data = bad.docm_with_macro()
    for name in ("bao_cao.docm", "bao_cao.docx", "bao_cao.txt", "bao_cao"):
        with pytest.raises(errors.InputError, match="macro"):
            read_document(data, name)


def test_size_limit_is_refused_before_any_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ingest as ingest

    calls: list[str] = []
    monkeypatch.setattr(ingest, "format_of", lambda data, name: calls.append(name) or "docx")
    data = bad.huge_file()
    start = time.perf_counter()
    with pytest.raises(errors.InputError, match="quá lớn"):
        read_document(data, "bao_cao_50mb.docx")
    assert time.perf_counter() - start < 1.0
    with pytest.raises(errors.InputError, match="quá lớn") as caught:
        read_document(bad.huge_file(2 * MIB), "nho.docx", max_bytes=1 * MIB)
    assert calls == [], "a file over the limit reached the parsers"
    assert "CAITIEN_MAX_UPLOAD_MB" in str(caught.value)


def test_size_limit_is_a_setting_and_the_wizard_uses_it(started: WizardController,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ingest as ingest

    settings = load_settings({"CAITIEN_MAX_UPLOAD_MB": "1"})
    assert settings.max_upload_mb == 1
    started.services.settings = settings
    calls: list[str] = []
    real = ingest.format_of
    monkeypatch.setattr(ingest, "format_of", lambda data, name: calls.append(name) or real(data, name))
    before = started.state.to_dict()
    assert started.upload_report(bad.huge_file(MIB + 1), "bao_cao_lon.docx", "dgn") is False
    (message,) = errors_of(started)
    assert_vietnamese_message(message, ("quá lớn",))
    assert "1 MB" in message
    assert calls == [] and started.state.to_dict() == before
    assert started.upload_report(bad.fixture("dgn_tt18_thcs.docx"), "dgn_tt18_thcs.docx", "dgn")
    assert calls == ["dgn_tt18_thcs.docx"]


# ------------------------------------------------------------------------------------ through the wizard


WIZARD_CASES = [
    *[pytest.param(c, "tdg", id=f"{c.key}-tdg") for c in CONTROLLER_CASES],
    *[pytest.param(c, "dgn", id=f"{c.key}-dgn") for c in CONTROLLER_CASES
      if c.key in ("corrupt-docx", "encrypted-pdf", "zip-bomb", "plan-as-report", "no-criteria")],
]


@pytest.mark.parametrize(("case", "slot"), WIZARD_CASES)
def test_wizard_shows_the_message_and_loses_nothing(case: bad.Case, slot: str, started: WizardController) -> None:
    ctl = started
    before = ctl.state.to_dict()
    saved_before = ctl.services.store.load_state(ctl.draft_id)
    assert ctl.upload_report(case.data(), case.name, slot) is False
    messages = ctl.pop_messages()
    shown = [m.text for m in messages if m.level == "error"]
    assert len(shown) == 1, f"expected one error message, got {messages}"
    assert_vietnamese_message(shown[0], case.names)
    # Nothing changed, in memory or on disk; the profile and the earlier report are still there.
    assert ctl.state.to_dict() == before
    assert ctl.services.store.load_state(ctl.draft_id) == saved_before
    again = WizardController(ctl.services, ctl.draft_id)
    assert again.state.profile.name == "Trường THCS Nguyễn Du"
    assert again.state.tdg is not None and len(again.state.tdg.assessments) == 28
    assert again.state.tdg_name == "tdg_tt18_thcs.docx"
    # And the app is still usable: the next intents work.
    assert ctl.propose_criteria() and ctl.state.selected
    assert ctl.set_profile(managing_body="UBND xã Hòa Phong")


def test_wizard_refuses_an_impossible_level_typed_by_the_user(started: WizardController) -> None:
    assert started.edit_assessment("1.1", level=7) is False
    (message,) = errors_of(started)
    assert_vietnamese_message(message, ("Mức 7",))
    assert started.state.tdg.assessment("1.1").level != 7


# ------------------------------------------------------------------------------------ read with a warning


@pytest.mark.parametrize(
    ("build", "name", "words", "school"),
    [
        (bad.tcvn3_text, "bao_cao_vntime.txt", ("TCVN3",), "Trường Mầm non Sơn Ca"),
        (bad.vni_text, "bao_cao_vni.txt", ("VNI",), "Trường Tiểu học Võ Thị Sáu"),
        (bad.mixed_nfc_nfd, "bao_cao_mac.txt", ("NFD", "tổ hợp"), "Trường THCS Nguyễn Du"),
    ],
    ids=["tcvn3", "vni", "nfc-nfd"],
)
def test_legacy_and_decomposed_text_is_converted_with_a_warning(
    build, name: str, words: tuple[str, ...], school: str, catalog: Catalog  # noqa: ANN001
) -> None:
    report = read_report(build(), name, catalog)
    assert report.school_name == school
    assert len(report.assessments) >= 25
    for a in report.assessments:
        for text in (a.title, *a.weaknesses, *a.strengths):
            assert unicodedata.is_normalized("NFC", text)
    notes = [w for w in report.warnings if any(x in w for x in words)]
    assert notes, f"no warning names the conversion: {report.warnings}"
    # A conversion note informs; it asks for a check only when letters may have been guessed.
    assert_vietnamese_message(notes[0], words, needs_action="NFD" not in words)


def test_hand_encoded_tcvn3_line_is_decoded() -> None:
    doc = read_document(bad.tcvn3_short(), "dong.txt")
    assert "Báo cáo tự đánh giá - Trường THCS Nguyễn Du - Tiêu chí 1.1" in doc.text
    assert any("TCVN3" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("build", "words"),
    [(bad.tcvn3_text, ("TCVN3",)), (bad.mixed_nfc_nfd, ("NFD", "tổ hợp"))],
    ids=["tcvn3", "nfc-nfd"],
)
def test_wizard_reads_legacy_text_and_tells_the_user(build, words: tuple[str, ...], ctl: WizardController) -> None:  # noqa: ANN001
    assert ctl.set_profile(name="Trường thử", school_year="2025-2026")
    assert ctl.upload_report(build(), "bao_cao.txt", "tdg")
    (done,) = _texts(ctl, "success")
    assert "cần kiểm tra" in done  # the note is listed with the report in step 2
    assert any(any(w in note for w in words) for note in ctl.state.tdg.warnings), ctl.state.tdg.warnings
    assert ctl.state.profile.name == "Trường thử"


def test_report_of_another_framework_is_flagged(catalog: Catalog, started: WizardController) -> None:
    report = read_report(bad.other_framework_report(), "bao_cao_th.docx", catalog, framework_id="tt18-2018")
    notes = [w for w in report.warnings if "tt17-2018" in w or "TT17" in w]
    assert notes and any("TT18" in w or "tt18-2018" in w for w in notes)
    assert_vietnamese_message(notes[0], ("khác",))
    ctl = started
    assert ctl.upload_report(bad.other_framework_report(), "bao_cao_th.docx", "tdg")
    warnings = _texts(ctl, "warning")
    assert any("TT17" in w and "TT18" in w for w in warnings), warnings
    assert ctl.state.profile.framework_id == "tt18-2018" and ctl.state.profile.name == "Trường THCS Nguyễn Du"


def test_duplicated_criteria_are_merged_with_a_warning(catalog: Catalog) -> None:
    report = read_report(bad.duplicated_criteria_report(), "trung_lap.txt", catalog)
    codes = [a.criterion for a in report.assessments]
    assert len(codes) == len(set(codes)) == 28
    notes = [w for w in report.warnings if "1.2" in w]
    assert notes, report.warnings
    assert_vietnamese_message(notes[0], ("nhiều chỗ", "trùng", "hai lần"))


def test_level_out_of_range_is_never_taken_and_is_reported(catalog: Catalog) -> None:
    report = read_report(bad.level_out_of_range_report(), "muc_7.txt", catalog)
    assert report.assessment("1.1").level in (None, 0, 1, 2, 3, 4)
    notes = [w for w in report.warnings if "Mức 7" in w]
    assert notes, f"“Mức 7” was dropped silently; warnings: {report.warnings}"
    assert "1.1" in notes[0]
    assert_vietnamese_message(notes[0], ("Mức 7",))


# ------------------------------------------------------------------------------------ file names


@pytest.mark.parametrize("name", bad.HOSTILE_NAMES, ids=["dotdot", "windows", "controls", "rlo"])
def test_file_names_with_paths_or_control_characters_are_cleaned(name: str) -> None:
    doc = read_document(bad.fixture("tdg_tt18_thcs.docx"), name)
    assert "/" not in doc.name and "\\" not in doc.name and doc.name.endswith(".docx")
    assert doc.name.isprintable()
    with pytest.raises(errors.InputError) as caught:
        read_document(b"", name)
    text = str(caught.value)
    assert "/" not in text.split("“")[1].split("”")[0] and "\\" not in text
    assert_vietnamese_message(text, ("0 byte", "rỗng"))


def test_the_report_keeps_only_the_clean_file_name(catalog: Catalog) -> None:
    report = read_report(bad.fixture("tdg_tt18_thcs.docx"), bad.HOSTILE_NAMES[1], catalog)
    assert report.source_name == "bao_cao.docx"


@pytest.mark.parametrize("name", bad.HOSTILE_NAMES, ids=["dotdot", "windows", "controls", "rlo"])
def test_wizard_shows_and_stores_only_a_clean_file_name(name: str, started: WizardController) -> None:
    ctl = started
    assert ctl.upload_report(b"", name, "dgn") is False
    (message,) = errors_of(ctl)
    assert_vietnamese_message(message, ("0 byte", "rỗng", "trống"))
    _assert_clean(message)
    assert ctl.upload_report(bad.fixture("dgn_tt18_thcs.docx"), name, "dgn")
    for text in _texts(ctl):
        _assert_clean(text)
    stored = ctl.services.store.load_state(ctl.draft_id)["dgn_name"]
    _assert_clean(stored)
    assert "/" not in stored and "\\" not in stored and stored.endswith(".docx")


def _assert_clean(text: str) -> None:
    """No path of the user's machine and no control/bidi characters reach the page or the store."""
    assert text.isprintable(), repr(text)
    for fragment in ("../", "..\\", "C:\\", "/tmp/", "etc/passwd", "\\Users\\"):
        assert fragment not in text, repr(text)
