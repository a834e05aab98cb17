"""The page's small stylesheet: compact spacing, and Vietnamese text where Streamlit has English."""

from __future__ import annotations

_CSS = """
<style>
/* Streamlit's upload box has fixed English texts: replace them with Vietnamese ones. */
[data-testid="stFileUploaderDropzoneInstructions"] > div > span,
[data-testid="stFileUploaderDropzoneInstructions"] > div > small { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"] > div::before {
  content: "Kéo thả tệp vào đây, hoặc bấm “Chọn tệp” (tối đa @MB@ MB)";
}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after { content: "Chọn tệp"; }
/* The "Running…/Stop" indicator is English and means nothing to a school leader. */
[data-testid="stStatusWidget"] { visibility: hidden; }
.block-container { padding-top: 2.2rem; max-width: 1500px; }
h1 { font-size: 1.7rem !important; padding-bottom: 0.2rem !important; }
</style>
"""


def css(max_upload_mb: int) -> str:
    """The stylesheet, with the upload limit the settings give."""
    return _CSS.replace("@MB@", str(int(max_upload_mb)))
