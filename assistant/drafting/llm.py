"""Optional LLM drafter through langchain: rewrites the default drafter's suggestions.

Off by default (``CAITIEN_LLM_PROVIDER=none``).  The model sees only the school's own report text
(inside a delimited block it is told to treat as data) and the retrieved rows with their ids; it
must answer JSON citing those ids.  Output citing an unknown id, malformed output, output failing a
blocking check, an endpoint error or a timeout all leave the default drafter's suggestions in place,
with a Vietnamese notice saying so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from prompts.loader import PromptTemplate, load_prompts

from ..checks import check_row
from ..domain import PlanRow, Provenance, SchoolType, SourceRef, Suggestion
from ..errors import ConfigError
from ..level4 import code_label
from ..lexical import overlap
from ..selection import unmet_requirements
from ..settings import Settings
from ..vocab import Vocabulary, load_vocabulary
from . import adapt
from .base import CriterionDraft, Drafter, DraftRequest, DraftResult
from .owners import adapt_owners, upper_body
from .retrieval_drafter import suggestion_id

BEGIN, END = "<<<BÁO_CÁO_BẮT_ĐẦU>>>", "<<<BÁO_CÁO_KẾT_THÚC>>>"
MAX_REPORT_CHARS = 3000
INSTALL_HINT = "Cài thêm gói: pip install 'caitien[llm]' (langchain-openai, langchain-ollama)."


class EndpointError(Exception):
    """The LLM endpoint could not be reached or answered with an error (stop asking it)."""


class BadOutput(Exception):
    """The model answered, but the answer cannot be used for this criterion."""


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")
    actions: list[str] = Field(min_length=1)
    owners: str = ""
    timeline: str = ""
    budget: str = ""
    evidence: list[str] = []
    indicators: list[str] = []
    sources: list[str] = Field(min_length=1)


class _Output(BaseModel):
    model_config = ConfigDict(extra="ignore")
    suggestions: list[_Item] = Field(min_length=1, max_length=3)


def make_chat_model(settings: Settings) -> Any | None:
    """The configured langchain chat model, or None when the LLM is off (the default)."""
    if settings.llm_provider == "none":
        return None
    if not settings.llm_model:
        raise ConfigError("Chưa khai báo tên mô hình ngôn ngữ.", "Đặt biến môi trường CAITIEN_LLM_MODEL.")
    if settings.llm_provider == "openai":
        if not settings.llm_base_url:
            raise ConfigError("Chưa khai báo địa chỉ máy chủ mô hình ngôn ngữ.", "Đặt biến CAITIEN_LLM_BASE_URL, "
                              "ví dụ http://127.0.0.1:8080/v1.")
        try:
            from langchain_openai import ChatOpenAI
        except ImportError as exc:
            raise ConfigError("Thiếu gói langchain-openai để dùng máy chủ tương thích OpenAI.", INSTALL_HINT) from exc
        return ChatOpenAI(
            base_url=settings.llm_base_url, api_key=SecretStr(settings.llm_api_key or "khong-can"), model=settings.llm_model,
            timeout=settings.llm_timeout_s, max_retries=0, temperature=0,
        )
    try:
        from langchain_ollama import ChatOllama
    except ImportError as exc:
        raise ConfigError("Thiếu gói langchain-ollama để dùng Ollama.", INSTALL_HINT) from exc
    return ChatOllama(
        base_url=settings.llm_base_url or None, model=settings.llm_model, temperature=0,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def quote_report(text: str) -> str:
    """Report text made safe to place between the delimiters (it cannot close the block)."""
    text = text.replace("<<<", "«").replace(">>>", "»")
    return text[:MAX_REPORT_CHARS]


def parse_output(content: str) -> _Output:
    """The JSON object in a model's answer (code fences and surrounding prose tolerated)."""
    text = re.sub(r"^```(?:json)?|```$", "", content.strip(), flags=re.MULTILINE).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise BadOutput("câu trả lời không chứa JSON")
    try:
        return _Output.model_validate(json.loads(text[start : end + 1]))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise BadOutput(f"JSON không đúng mẫu ({exc.__class__.__name__})") from exc


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


class LLMDrafter:
    """Rewrites or extends the fallback drafter's suggestions with a chat model (langchain)."""

    name = "llm"

    def __init__(self, chat_model: Any, fallback: Drafter, prompts: Mapping[str, PromptTemplate] | None = None,
                 *, vocabulary: Vocabulary | None = None, max_rows: int = 6) -> None:
        self._model = chat_model
        self._fallback = fallback
        self._prompts = dict(prompts) if prompts is not None else load_prompts()
        self._vocab = vocabulary or load_vocabulary()
        self._max_rows = max_rows

    def draft(self, request: DraftRequest) -> DraftResult:
        """The fallback's result, with each criterion rewritten by the model where that succeeds."""
        base = self._fallback.draft(request)
        notices = list(base.notices)
        out: list[CriterionDraft] = []
        down: str = ""
        for item in base.criteria:
            if down or not item.suggestions:
                out.append(item)
                continue
            try:
                out.append(CriterionDraft(item.need, self._rewrite(request, item)))
            except EndpointError as exc:
                down = str(exc) or exc.__class__.__name__
                out.append(item)
            except BadOutput as exc:
                notices.append(f"Tiêu chí {code_label(item.need.code)}: không dùng được kết quả của mô hình ngôn ngữ ({exc}); "
                               "giữ nguyên gợi ý soạn từ kho kế hoạch mẫu.")
                out.append(item)
        if down:
            notices.append(f"Không kết nối được mô hình ngôn ngữ ({down[:160]}); các gợi ý còn lại giữ nguyên "
                           "bản soạn từ kho kế hoạch mẫu.")
        return DraftResult(out, base.uncovered_recommendations, notices, base.priority_issues)

    def _rewrite(self, request: DraftRequest, item: CriterionDraft) -> list[Suggestion]:
        allowed = self._allowed(item)
        messages = self._messages(request, item, allowed)
        try:
            reply = self._model.invoke(messages)
        except Exception as exc:  # any transport, HTTP or timeout error of whichever client is configured
            raise EndpointError(f"{exc.__class__.__name__}: {exc}") from exc
        parsed = parse_output(_text(getattr(reply, "content", reply)))
        return [self._suggestion(request, item, s, allowed) for s in parsed.suggestions]

    def _allowed(self, item: CriterionDraft) -> dict[str, SourceRef]:
        refs: dict[str, SourceRef] = {}
        for s in item.suggestions:
            for ref in s.provenance.sources:
                refs.setdefault(ref.row_id, ref)
        return dict(list(refs.items())[: self._max_rows])

    def _messages(self, request: DraftRequest, item: CriterionDraft, allowed: Mapping[str, SourceRef]) -> list[Any]:
        from langchain_core.messages import HumanMessage, SystemMessage

        need, template = item.need, item.suggestions[0].row
        unmet = unmet_requirements(request.framework, need)
        user = self._prompts["draft_user"].render(
            criterion=need.code, title=need.title, school_type=request.profile.school_type.label,
            school_year=request.school_year, target=template.target,
            requirements="\n".join(f"- [{r.ref}] {r.text}" for r in unmet) or "- (không có)",
            report_text=quote_report("\n".join(s.text for s in need.spans) or "(báo cáo không nêu điểm yếu)"),
            rows="\n".join(f"[{rid}] ({ref.source}) {ref.text}" for rid, ref in allowed.items()),
            allowed_ids=", ".join(allowed),
        )
        return [SystemMessage(self._prompts["draft_system"].render()), HumanMessage(user)]

    def _suggestion(self, request: DraftRequest, item: CriterionDraft, out: _Item, allowed: Mapping[str, SourceRef]) -> Suggestion:
        unknown = [sid for sid in out.sources if sid not in allowed]
        if unknown:
            raise BadOutput(f"trích dẫn mã dòng không có trong danh sách: {', '.join(unknown[:3])}")
        row = self._row(request, item, out)
        unmet = unmet_requirements(request.framework, item.need)
        checks = check_row(row, framework=request.framework, school_type=request.profile.school_type,
                           school_year=request.school_year, unmet=unmet, vocab=self._vocab)
        blocking = [c for c in checks if c.severity == "error"]
        if blocking:
            raise BadOutput(f"không đạt kiểm tra: {blocking[0].message}")
        base = item.suggestions[0].provenance
        text = " ".join(row.actions)
        serves = tuple(r.ref for r in unmet if overlap(text, r.text) >= 0.2) or base.serves
        provenance = Provenance(report_spans=base.report_spans, sources=tuple(allowed[s] for s in out.sources),
                                serves=serves, from_criteria=base.from_criteria, approximate=base.approximate,
                                drafter=self.name)
        return Suggestion(id=suggestion_id(item.need.code, row), criterion=item.need.code, row=row,
                          provenance=provenance, checks=tuple(checks))

    def _row(self, request: DraftRequest, item: CriterionDraft, out: _Item) -> PlanRow:
        template = item.suggestions[0].row
        framework, year = request.framework, request.school_year
        criterion = framework.criterion(item.need.code)
        school_type: SchoolType = request.profile.school_type
        body = upper_body(school_type)
        actions = tuple(a for a in (adapt.scrub(x, year, upper_body=body) for x in out.actions) if a)
        # validate again (not model_copy) so model text is NFC-normalised like every other row
        return PlanRow.model_validate({**template.model_dump(), **{
            "actions": actions,
            "owners": adapt_owners(out.owners, item.need.code, framework.generation, school_type, self._vocab),
            "timeline": adapt.adapt_timeline(out.timeline, year, actions),
            "budget": adapt.adapt_budget(out.budget, criterion, framework.generation) if criterion else out.budget,
            "evidence": _clean(out.evidence, year) or template.evidence,
            "indicators": _clean(out.indicators, year) or template.indicators,
        }})


def _clean(items: Sequence[str], year: str) -> tuple[str, ...]:
    return tuple(t for t in (adapt.scrub(x, year) for x in items) if t)
