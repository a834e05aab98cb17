"""The chat panel: Vietnamese requests acted on directly, through the controller's own intents.

Requests are matched on accent-folded text, so "giao tieu chi 2.3 cho pho hieu truong" works as
well as "giao tiêu chí 2.3 cho Phó hiệu trưởng".  Each command calls the same controller intent a
button would (so it is saved, undoable where the review is concerned, and never raises) and the
reply says what changed.  A few questions are answered by reading the controller: the council's
comments ("tóm tắt góp ý hội đồng", "góp ý nào chưa xử lý?") and last year's unfinished actions
("việc nào năm trước chưa hoàn thành?"), see :mod:`assistant.chat_followup`.  Anything not
understood gets a short guide with examples; when an LLM is configured it answers free questions
from the plan and the corpus (prompt ``prompts/chat_question.txt``), but it never changes the
plan: only the commands below do.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from corpus.text import fold, nfc
from prompts.loader import PromptTemplate, load_prompt

from .chat_followup import council_overview, open_comments, unfinished_last_year
from .controller import WizardController
from .level4 import code_label
from .vocab import Role
from .wizard.chat_views import explain, plan_summary, search_examples, unowned_criteria

log = logging.getLogger(__name__)

_CODE = re.compile(r"(?<![\d.])(\d{1,2})\s*[.,]\s*(\d{1,2})(?!\d)")
_MORE = re.compile(r"\b(goi y|de xuat|y tuong|phuong an)\s+(them|khac|moi)\b|\bthem\s+(goi y|de xuat)\b")
_EXPLAIN = re.compile(r"\b(vi sao|tai sao|do dau|nguon goc|lay (tu|o) dau|can cu|co so nao)\b")
_ASSIGN = re.compile(r"\b(giao|phan cong|chuyen)\b.*\bcho\s+(?P<who>.+)$")
_UNOWNED = re.compile(r"chua (co )?(ai|nguoi|don vi|bo phan) (phu trach|chu tri|thuc hien)|chua (duoc )?(giao|phan cong)")
_SEARCH = re.compile(r"^\s*(hay\s+)?(tim|tra cuu|tham khao|cho xem|goi y)\s+(cac\s+|mot\s+|vai\s+)?"
                     r"(vi du|mau|kinh nghiem|ke hoach|hang|giai phap)?\s*(ve|cho|lien quan den|nhu)?\s*(?P<topic>.+)$")
_TIMELINE = re.compile(r"\b(doi|sua|chuyen|dat|de)\s+(thoi gian|thoi han|tien do)(\s+thuc hien)?"
                       r"(\s+(cua\s+|cho\s+)?(tieu chi|tc)\s*\d+\s*[.,]\s*\d+)?\s+"
                       r"(thanh|sang|la|ve|vao)\s+(?P<when>.+)$")
_GOTO = re.compile(r"\b(sang|den|toi|ve|quay lai|mo)\s+buoc\s+(?P<n>[1-7])\b")
_PROGRESS = re.compile(r"\b(tien do|da duyet (bao nhieu|may|den dau)|con bao nhieu)\b")
_HELP = re.compile(r"^\s*(giup|huong dan|tro giup|lam (duoc )?gi|help|\?)")
_OPEN_COMMENTS = re.compile(r"\b(gop y|y kien|nhan xet)\b.*\b(chua|can|cho|con phai)\s+(duoc\s+)?"
                            r"(xu ly|giai quyet|tra loi|phan hoi)\b")
_COUNCIL = re.compile(r"\b(tom tat|tong hop|ket qua|thong ke)\s+(cac\s+)?(gop y|y kien)\b"
                      r"|\bhoi dong\b.*\b(gop y|y kien|nhan xet)\b|\b(gop y|y kien|nhan xet)\b.*\bhoi dong\b")
_UNFINISHED = re.compile(r"\b(chua (hoan thanh|xong|thuc hien|lam)|dang thuc hien|do dang|ton dong)\b")
_LAST_YEAR = re.compile(r"\b(nam (hoc )?(truoc|ngoai|cu)|ke hoach cu)\b")
_UNFINISHED_ACTIONS = re.compile(r"\b(viec|hoat dong|giai phap)\b.*\b(chua hoan thanh|do dang)\b")

_PERIODS = {
    "hoc ky i": "Học kỳ I", "hoc ki i": "Học kỳ I", "hk i": "Học kỳ I", "hk1": "Học kỳ I", "hoc ky 1": "Học kỳ I",
    "hoc ky ii": "Học kỳ II", "hoc ki ii": "Học kỳ II", "hk ii": "Học kỳ II", "hk2": "Học kỳ II",
    "hoc ky 2": "Học kỳ II", "ca nam": "Cả năm học", "ca nam hoc": "Cả năm học",
}

EXAMPLES = (
    "• “gợi ý thêm cho tiêu chí 3.4”",
    "• “vì sao đề xuất này?”",
    "• “giao tiêu chí 2.3 cho Phó hiệu trưởng”",
    "• “tiêu chí nào chưa có người phụ trách?”",
    "• “tìm ví dụ về thư viện thân thiện”",
    "• “đổi thời gian thành học kỳ I” (cho tiêu chí đang xem)",
    "• “sang bước 7”, “tiến độ duyệt”",
    "• “tóm tắt góp ý hội đồng”, “góp ý nào chưa xử lý?”",
    "• “việc nào năm trước chưa hoàn thành?”",
)
HELP = "Tôi có thể làm trực tiếp các việc sau (gõ có dấu hoặc không dấu đều được):\n" + "\n".join(EXAMPLES)
NOT_UNDERSTOOD = "Tôi chưa hiểu yêu cầu này. " + HELP
LLM_NOTE = "\n\n(Câu trả lời để tham khảo; kế hoạch chỉ thay đổi khi bạn bấm nút hoặc dùng các lệnh ở trên.)"
QUESTION_PROMPT = "chat_question"  # prompts/chat_question.txt: {{plan}}, {{examples}}, {{question}}


@dataclass(frozen=True)
class ChatReply:
    """The assistant's answer, the intent it recognised and the lines saying what changed."""

    text: str
    intent: str = "help"
    changed: tuple[str, ...] = ()


def folded_aligned(text: str) -> str:
    """Accent-folded text with one character per character of ``text`` (to slice the original)."""
    return "".join((fold(ch) or " ")[0] for ch in text)


class ChatAssistant:
    """Answers chat requests over one controller (optionally with an LLM for free questions)."""

    def __init__(self, controller: WizardController, llm: Callable[[str], str] | None = None) -> None:
        self.ctl = controller
        self._llm = llm

    def handle(self, text: str) -> ChatReply:
        """Act on one request and answer it; the exchange is saved with the draft."""
        text = nfc(text).strip()
        if not text:
            return ChatReply(HELP)
        before = len(self.ctl.messages)
        try:
            reply = self._dispatch(text)
        except Exception:  # the chat must answer even when something underneath breaks
            log.exception("chat request failed")
            reply = ChatReply("Đã có lỗi khi thực hiện yêu cầu này; kế hoạch không bị thay đổi. Hãy thử lại.", "error")
        produced = self.ctl.messages[before:]
        del self.ctl.messages[before:]
        problems = [m.text for m in produced if m.level in ("error", "warning")]
        if problems and not reply.changed:
            reply = ChatReply("\n".join(problems), reply.intent)
        self.ctl.record_chat(text, reply.text)
        return reply

    def _dispatch(self, text: str) -> ChatReply:
        folded = folded_aligned(text)
        code = self._code(folded)
        if _HELP.search(folded):
            return ChatReply(HELP)
        if _MORE.search(folded):
            return self._more(code)
        if _EXPLAIN.search(folded):
            return ChatReply(explain(self.ctl), "explain")
        if _UNOWNED.search(folded):
            return ChatReply(unowned_criteria(self.ctl), "unowned")
        if (m := _TIMELINE.search(folded)) is not None:
            return self._timeline(code, text[m.start("when"):])
        if re.search(r"\b(giao|phan cong)\b", folded) and (m := _ASSIGN.search(folded)) is not None:
            return self._assign(code, text[m.start("who"):])
        if (m := _GOTO.search(folded)) is not None:
            step = int(m.group("n"))
            self.ctl.go_to(step)
            return ChatReply(f"Đã chuyển sang bước {step}: {self.ctl.step_name}.", "goto", (f"bước {step}",))
        if (followup := self._followup(folded)) is not None:
            return followup
        if _PROGRESS.search(folded):
            return ChatReply(f"Tiến độ: {self.ctl.progress_text()}.", "progress")
        if (m := _SEARCH.search(folded)) is not None and len(m.group("topic").split()) >= 1:
            return ChatReply(search_examples(self.ctl, text[m.start("topic"):].strip(" ?.!")), "search")
        return self._free(text)

    def _followup(self, folded: str) -> ChatReply | None:
        """The council's comments and last year's unfinished actions (read-only answers)."""
        if _OPEN_COMMENTS.search(folded):
            return ChatReply(open_comments(self.ctl), "council_open")
        if _COUNCIL.search(folded):
            return ChatReply(council_overview(self.ctl), "council")
        if (_UNFINISHED.search(folded) and _LAST_YEAR.search(folded)) or _UNFINISHED_ACTIONS.search(folded):
            return ChatReply(unfinished_last_year(self.ctl), "last_year")
        return None

    def _code(self, folded: str) -> str | None:
        m = _CODE.search(folded)
        return f"{int(m.group(1))}.{int(m.group(2))}" if m else None

    def _target(self, code: str | None) -> str | None:
        return code or self.ctl.state.focus or None

    def _more(self, code: str | None) -> ChatReply:
        target = self._target(code)
        if target is None:
            return ChatReply("Hãy nói rõ tiêu chí, ví dụ: “gợi ý thêm cho tiêu chí 3.4”.", "more")
        added = self.ctl.more(target)
        if not added:
            return ChatReply(f"Không có thêm gợi ý nào cho tiêu chí {code_label(target)}.", "more")
        lines = [f"• {_brief(self.ctl.review.row(sid).actions)}" for sid in added]
        text = f"Đã thêm {len(added)} gợi ý cho tiêu chí {code_label(target)} (ở bước 5, chờ bạn duyệt):\n" + "\n".join(lines)
        return ChatReply(text, "more", tuple(lines))

    def _assign(self, code: str | None, who_text: str) -> ChatReply:
        target = self._target(code)
        who = self._owners(who_text)
        if target is None or not who:
            return ChatReply("Hãy nói rõ, ví dụ: “giao tiêu chí 2.3 cho Phó hiệu trưởng”.", "assign")
        before = {s.id: self.ctl.review.row(s.id).owners for s in self.ctl.review.for_criterion(target)}
        count = self.ctl.assign_owners(target, who)
        if not count:
            return ChatReply(f"Chưa giao được tiêu chí {code_label(target)}.", "assign")
        changed = tuple(f"• {_brief(self.ctl.review.row(sid).actions)}: {old or '(trống)'} → {who}"
                        for sid, old in before.items() if self.ctl.review.status(sid) != "reject")
        return ChatReply(f"Đã giao tiêu chí {code_label(target)} cho {who} ({count} hàng):\n" + "\n".join(changed), "assign", changed)

    def _owners(self, text: str) -> str:
        """Role names with their proper spelling when recognised, else the user's own words."""
        text = re.sub(r"\s*(?:tiêu chí|tieu chi)\s*\d+\s*[.,]\s*\d+\s*", " ", text).strip(" .?!")
        names = role_names(text, self.ctl.services.vocabulary.roles)
        return ", ".join(names) if names else text[:1].upper() + text[1:]

    def _timeline(self, code: str | None, when_text: str) -> ChatReply:
        target = self._target(code)
        when = re.sub(r"\s*(?:cho|của)\s*(?:tiêu chí|tieu chi)\s*\d+\s*[.,]\s*\d+\s*$", "", when_text).strip(" .?!")
        when = _PERIODS.get(fold(when), when[:1].upper() + when[1:])
        if target is None or not when:
            return ChatReply("Hãy mở một tiêu chí ở bước 5 hoặc nói rõ, ví dụ: “đổi thời gian tiêu chí 3.4 "
                             "thành học kỳ I”.", "timeline")
        before = {s.id: self.ctl.review.row(s.id).timeline for s in self.ctl.review.for_criterion(target)}
        count = self.ctl.set_timeline(target, when)
        if not count:
            return ChatReply(f"Chưa đổi được thời gian của tiêu chí {code_label(target)}.", "timeline")
        changed = tuple(f"• {_brief(self.ctl.review.row(sid).actions)}: {old or '(trống)'} → {when}"
                        for sid, old in before.items() if self.ctl.review.status(sid) != "reject")
        return ChatReply(f"Đã đổi thời gian của tiêu chí {code_label(target)} ({count} hàng):\n" + "\n".join(changed),
                         "timeline", changed)

    def _free(self, text: str) -> ChatReply:
        if self._llm is None:
            return ChatReply(NOT_UNDERSTOOD)
        prompt = question_prompt().render(plan=plan_summary(self.ctl), examples=search_examples(self.ctl, text, k=3),
                                          question=text)
        try:
            answer = self._llm(prompt).strip()
        except Exception:
            log.exception("LLM answer failed")
            return ChatReply("Không kết nối được mô hình ngôn ngữ đã cấu hình. " + HELP, "llm")
        return ChatReply((answer or "Mô hình không trả lời.") + LLM_NOTE, "llm")


@cache
def question_prompt() -> PromptTemplate:
    """The free-question prompt, read from ``prompts/`` and validated once (on the first free question)."""
    return load_prompt(QUESTION_PROMPT)


def role_names(text: str, roles: Sequence[Role]) -> list[str]:
    """Roles named in the text in the order written; "Phó hiệu trưởng" is not also "Hiệu trưởng"."""
    folded = f" {fold(text)} "
    spans: list[tuple[int, int, str]] = []
    for role in roles:
        for form in {*role.spellings(), fold(role.abbr)}:
            for m in re.finditer(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", folded):
                spans.append((m.start(), m.end(), role.name))
    kept: list[tuple[int, int, str]] = []
    for start, end, name in sorted(spans, key=lambda s: s[0] - s[1]):  # longest first
        if all(end <= a or start >= b for a, b, _ in kept):
            kept.append((start, end, name))
    return list(dict.fromkeys(name for _, _, name in sorted(kept)))


def _brief(actions: tuple[str, ...], limit: int = 90) -> str:
    text = "; ".join(actions) or "(chưa có giải pháp)"
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
