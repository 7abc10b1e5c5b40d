"""The languages of the teaching sheets: English (the default) and Korean, the language the
course is taught in. Every English text a handout or its plot prints is a key of ``KO``, its
Korean beside it, so a translation is read and corrected in one place. Formulas, symbols,
numbers, layer names and the data the sheets quote (the papers' figures and column names, the
ledger's reasons, a layer's warning) stay as they are.

``tr(text, lang)`` translates one text (``str.format`` fields stay fields); a text without a
translation falls back to the English, unless ``STRICT`` is set, as the tests set it to find
any text left out of the table.
"""

from __future__ import annotations

LANGUAGES = ("en", "ko")
STRICT = False  # the tests set it: a missing translation is then an error, not English

KO = {
    # -- handout: title, introduction, headings --------------------------------------------
    "{model}: what it costs, worked out": "{model}: 비용을 직접 계산해 보기",
    "Source: {source}.": "출처: {source}.",
    "Input {shape}, batch {batch}, {dtype} ({bytes} bytes per element).":
        "입력 {shape}, 배치 {batch}, {dtype} (원소당 {bytes}바이트).",
    "Every number below is computed by costcalc from the spec; the derivations run the engine's "
    "own layer rules.":
        "아래의 모든 수는 costcalc가 명세(spec)로부터 계산한 값이며, 계산 과정은 엔진이 실제로 쓰는 "
        "층 규칙을 그대로 실행한 것입니다.",
    "Architecture": "구조",
    "Warnings": "경고",
    "Worked derivations": "계산 과정",
    "Each line runs the layer's own rule (its class, named under each heading), first in symbols, "
    "then with this layer's numbers. ⌊x⌋ rounds down, ⌈x⌉ up, [a ≥ b] is 1 when true and 0 when false.":
        "각 줄은 층 자신의 규칙(각 제목 아래에 적힌 클래스)을 먼저 기호로, 다음에 이 층의 수를 넣어 쓴 "
        "것입니다. ⌊x⌋는 내림, ⌈x⌉는 올림이며, [a ≥ b]는 참이면 1, 거짓이면 0입니다.",
    "Rules: {cls} in {file}.": "규칙: {file}의 {cls}.",
    "input {inputs} → output {output}": "입력 {inputs} → 출력 {output}",
    "Where {givens}.": "여기서 {givens}.",
    "Also {zeros}.": "그 밖에 {zeros}.",
    "Warning: {warning}": "경고: {warning}",
    "Note: {note}": "참고: {note}",
    "Notes (no fault: a rounding that loses no input pixel, or the like; a warning would mean real "
    "input pixels are never read):":
        "참고 (잘못이 아님: 입력 픽셀을 하나도 잃지 않는 반올림 등; 경고라면 실제 입력 픽셀 일부가 "
        "전혀 읽히지 않는다는 뜻):",
    "Totals": "합계",
    "Parameters and MACs per layer": "층별 파라미터와 MAC",
    "{model}: parameters and MACs per layer": "{model}: 층별 파라미터와 MAC",
    "Paper figures": "논문 수치",
    "No figure for this model is recorded in the ledger yet.":
        "이 모델의 수치는 아직 장부(ledger)에 기록되어 있지 않습니다.",
    "{count} figures from the papers and course notes: {verdicts}":
        "논문과 강의 자료의 수치 {count}개: {verdicts}",
    "none judged": "판정 없음",
    "; {count} not computable": "; 계산할 수 없는 수치 {count}개",
    "{count} {verdict}": "{verdict} {count}개",
    "Verdicts": "판정",
    "Conventions": "규약",
    "The input ({shape}, {activations} activations) is in no row; the totals count it.":
        "입력({shape}, 활성값 {activations}개)은 어느 행에도 없지만 합계에는 들어 있습니다.",
    # -- verdicts and their legend (costcalc.ledger.render.LEGEND) ------------------------
    "match": "일치", "close": "근접", "variant": "변형", "erratum": "원문 오류", "mismatch": "불일치",
    "inside the rounding the printed figure implies ('138M' = 137.5M to 138.5M)":
        "인쇄된 수치가 뜻하는 반올림 범위 안 ('138M' = 137.5M ~ 138.5M)",
    "outside it but inside a stated tolerance; the reason says why it is not exact":
        "그 범위 밖이지만 밝힌 허용 오차 안; 정확하지 않은 이유는 '이유' 칸에 있음",
    "matches a named variant of the model (another reading of the paper, with or without BN, ...), "
    "not the model itself":
        "모델 자체가 아니라 이름 붙은 변형(논문의 다른 해석, BN 포함 여부 등)과 일치",
    "the source is wrong; the reason says how": "출처의 수치가 틀림; 어떻게 틀렸는지는 '이유' 칸에 있음",
    "none of these: a bug or an open question (CI fails on it)":
        "어느 것도 아님: 버그이거나 풀리지 않은 문제 (CI가 실패함)",
    # -- table headers ---------------------------------------------------------------------
    "layer": "층", "type": "종류", "output": "출력", "params": "파라미터", "params %": "파라미터 %",
    "MACs": "MAC", "MACs %": "MAC %", "activations": "활성값", "warnings": "경고", "layers": "층 수",
    "block": "블록", "stage": "단계", "scope": "범위",
    "quantity": "항목", "rule": "규칙", "with the numbers": "수 대입", "result": "결과",
    "total": "합계", "value": "값",
    "figure": "수치", "source": "출처", "printed": "인쇄된 값", "computed": "계산값",
    "difference": "차이", "%": "%", "verdict": "판정", "reason": "이유",
    "what": "항목", "model": "모델", "why not computable": "계산할 수 없는 이유",
    # -- totals (costcalc.report._TOTAL_LABELS) --------------------------------------------
    "parameters": "파라미터", "  weights": "  가중치", "  biases": "  편향",
    "  batch-norm gamma/beta": "  배치 정규화 γ/β", "buffers (BN running stats)": "버퍼 (BN 이동 통계)",
    "FLOPs (2 × MACs)": "FLOPs (2 × MAC)", "other ops": "기타 연산",
    "activations (elements)": "활성값 (원소 수)", "activation memory": "활성값 메모리",
    "peak live activations (elements)": "동시에 살아 있는 활성값의 최대 (원소 수)",
    "peak activation memory": "활성값 메모리 최대", "weight memory": "가중치 메모리",
    "buffer memory": "버퍼 메모리",
    # -- derivation notes (costcalc.derive) ------------------------------------------------
    "in place or a view: no new tensor": "제자리 연산이거나 뷰: 새 텐서 없음",
    "running mean and variance": "이동 평균과 분산",
    # -- the per-layer plot (costcalc.plots.plot_layers) -----------------------------------
    "{model}: parameters and MACs per {unit}, input {input}":
        "{model}: {unit}별 파라미터와 MAC, 입력 {input}",
    "parameters (count, log scale)": "파라미터 (개수, 로그 눈금)",
    "parameters (count)": "파라미터 (개수)",
    "{what} (count, log scale)": "{what} (개수, 로그 눈금)",
    "{what} (count)": "{what} (개수)",
    "MACs per image": "이미지당 MAC", "MACs per batch of {batch}": "배치 {batch}개당 MAC",
}

# The conventions block (costcalc.conventions.CONVENTIONS), by the English text it translates.
KO.update({
    "(C, H, W) per sample; batch N multiplies activations, MACs and other ops, never params":
        "샘플 하나의 (C, H, W); 배치 N은 활성값, MAC, 기타 연산에 곱해지며 파라미터에는 곱해지지 않음",
    "floor((H + 2p - d(k-1) - 1)/s) + 1 (ceil where a layer sets ceil_mode); an inexact division "
    "is a warning when its rounding leaves real input pixels unread, else a note (it drops only "
    "padding, or a position the stride skips anyway)":
        "floor((H + 2p - d(k-1) - 1)/s) + 1 (층이 ceil_mode를 쓰면 ceil); 나눗셈이 나누어떨어지지 않을 때, "
        "그 반올림 때문에 실제 입력 픽셀이 읽히지 않으면 경고, 그렇지 않으면 참고 (패딩이나 stride가 "
        "어차피 건너뛰는 위치만 버리는 경우)",
    "multiply-accumulates of conv and fully-connected layers (the papers' mult-adds; "
    "ResNet's and ShuffleNet's FLOPs; GoogLeNet's ops)":
        "합성곱 층과 완전 연결 층의 곱셈-누산 횟수 (논문의 mult-adds; ResNet과 ShuffleNet의 FLOPs; "
        "GoogLeNet의 ops)",
    "2 x MACs (as PyTorch's FlopCounterMode counts)": "2 x MAC (PyTorch의 FlopCounterMode가 세는 방식)",
    "bias adds, batch norm, activations, pooling, LRN, softmax and residual adds, "
    "counted apart from MACs":
        "편향 덧셈, 배치 정규화, 활성화 함수, 풀링, LRN, softmax, 잔차 덧셈: MAC과 따로 셈",
    "weights + biases + batch-norm gamma/beta; running mean/var are buffers, reported apart":
        "가중치 + 편향 + 배치 정규화 gamma/beta; 이동 평균/분산은 버퍼로 따로 보고함",
    "the input plus every layer output; in-place layers (ReLU, Dropout) and views "
    "(Flatten, Identity) add none":
        "입력과 모든 층의 출력; 제자리 연산 층(ReLU, Dropout)과 뷰(Flatten, Identity)는 더하지 않음",
    "largest sum of live tensors at inference, a tensor freed after its last consumer":
        "추론 중 동시에 살아 있는 텐서 합의 최대값, 텐서는 마지막으로 읽힌 뒤 해제됨",
    "decimal K/M/G (1000) unless binary is asked for (1024 for counts too, KiB/MiB for bytes)":
        "십진 K/M/G (1000); binary를 요청하면 1024 (개수에도, 바이트는 KiB/MiB)",
    "shape": "모양", "output_size": "출력 크기", "macs": "MAC", "flops": "FLOPs",
    "other_ops": "기타 연산", "peak_activations": "최대 활성값", "units": "단위",
})


def tr(text: str, lang: str = "en", **fields) -> str:
    """``text`` in ``lang``, with ``fields`` filled in (``str.format``)."""
    if lang != "en":
        if lang not in LANGUAGES:
            from .errors import OptionError
            raise OptionError("--lang", "unknown language", " | ".join(LANGUAGES), repr(lang))
        if text in KO:
            text = KO[text]
        elif STRICT:
            raise KeyError(f"no Korean for {text!r} in costcalc/i18n.py")
    return text.format(**fields) if fields else text


def label(text: str, lang: str = "en") -> str:
    """A label that may be data rather than our prose (a paper's column name such as '#3×3
    reduce', a block's name): translated when the table has it, else kept as printed."""
    return KO.get(text, text) if lang == "ko" else text
