"""The wording of verdicts and explanations: the one module that says in words what the engine found.

`tracing check` (every format), the report and `tracing diff` take their
sentences from here, and so does the ``van_evera_reason`` of the score JSON,
so a verdict is explained the same way everywhere. Numbers people read are
formatted here too (:func:`number`, :func:`prob`, :func:`signed`, :func:`db`,
:func:`lr`, :func:`pct`): one vocabulary, fixed decimals, no locale.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..testtypes import confirms, eliminates, label

if TYPE_CHECKING:  # pragma: no cover
    from .rivals import RivalScore
    from .scoring import PairScore, ScoredTest
    # "ConclusionOutcome" in the annotations below is tracing.engine.conclusions.ConclusionOutcome; it is not
    # imported, not even for type checkers, since that module imports this one (no cycle, at any time)

MINUS = "\u2212"  # a real minus sign: "−4.0 dB" reads better than "-4.0 dB"
METHOD_LABELS = {"bayes": "Bayesian", "van_evera": "Van Evera"}
# what the evidence "does" to the hypothesis, for "but the evidence now ..."
_VERB = {"confirmed": "confirms it", "rejected": "rejects it", "inconclusive": "leaves it inconclusive"}
VERDICT_ICONS = {"confirmed": "\u2714", "rejected": "\u2718", "inconclusive": "\u25cb"}
STATUS_ICONS = {"pass": "\u2714", "fail": "\u2718", "warn": "!"}
STATUS_WORDS = {"pass": "holds", "fail": "fails", "warn": "warning"}


# -- numbers -----------------------------------------------------------------------------------------------
def number(x: float | None, digits: int = 3) -> str:
    """Fixed decimals for tables: ``0.262``; ``—`` for none, ``+inf``/``-inf``."""
    if x is None:
        return "\u2014"
    if isinstance(x, float) and math.isinf(x):
        return "+inf" if x > 0 else "-inf"
    return f"{x:.{digits}f}"


def interval(bounds: tuple[float, float] | list[float] | None, digits: int = 2) -> str:
    """A closed interval of probabilities for tables: ``0.11–1.00``; ``—`` for none."""
    if bounds is None:
        return "\u2014"
    return f"{bounds[0]:.{digits}f}\u2013{bounds[1]:.{digits}f}"


def num(x: float, digits: int = 2) -> str:
    """A plain fixed-point number (likelihood tables)."""
    return f"{x:.{digits}f}"


def signed(x: float, digits: int = 1) -> str:
    """``+9.0`` / ``−4.0`` / ``+∞`` / ``−∞``; zero is ``0.0`` without a sign."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "+\u221e" if x > 0 else MINUS + "\u221e"
    text = f"{abs(x):.{digits}f}"
    if float(text) == 0:
        return text
    return ("+" if x > 0 else MINUS) + text


def db(x: float) -> str:
    """Weight of evidence in decibans: ``+9.0 dB``."""
    return signed(x) + " dB"


def prob(x: float | None, digits: int = 3) -> str:
    """A probability with fixed decimals; extremes that would round to 0 or 1 are written as bounds."""
    if x is None or math.isnan(x):
        return "n/a"
    if x in (0.0, 1.0):
        return f"{x:.0f}"
    tiny = 10.0 ** (-digits)
    if x < tiny:
        return f"< {tiny:.{digits}f}"
    if x > 1 - tiny:
        return f"> {1 - tiny:.{digits}f}"
    return f"{x:.{digits}f}"


def lr(x: float) -> str:
    """A likelihood ratio: ``8.000``, ``0.125``, ``∞``."""
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "\u221e"
    if x == 0:
        return "0"
    if x >= 1000:
        return f"{x:.0f}"
    return f"{x:.3f}"


def pct(x: float | None) -> str:
    """A share as a whole percentage: ``93 %``; ``n/a`` without draws."""
    if x is None or math.isnan(x):
        return "n/a"
    return f"{100 * x:.0f}\u00a0%"


def posterior_pair(a: float, b: float) -> tuple[str, str]:
    """Two posteriors with enough decimals to show that they differ: ``0.8995`` → ``0.9004``."""
    for digits in (3, 4, 5, 6):
        sa, sb = f"{a:.{digits}f}", f"{b:.{digits}f}"
        if sa != sb:
            return sa, sb
    return f"{a:.3g}", f"{b:.3g}"


def weight_effect(x: float | None) -> str:
    """What a test's weight does, for a change list: ``+9.0 dB``, ``proves``, ``eliminates``, ``none``."""
    if x is None:
        return "none"
    if math.isinf(x):
        return "proves" if x > 0 else "eliminates"
    return f"{x:+.1f} dB".replace("-", MINUS)


def posterior_text(x: float) -> str:
    """A posterior in a sentence: three decimals, or ``undefined``."""
    return _num(x)


def _num(x: float) -> str:
    if math.isnan(x):
        return "undefined"
    return f"{x:.3f}"


CONGRUENCE_ITEM = "the congruence test"


def is_congruence_id(evidence: str) -> bool:
    """The automatic congruence test's internal id (``congruence:H2:kosovo``; study ids never hold a colon)."""
    return evidence.startswith("congruence:")


def item_name(evidence: str) -> str:
    """How prose names the item behind a test: its id, or ``the congruence test`` (its internal id is never shown)."""
    return CONGRUENCE_ITEM if is_congruence_id(evidence) else evidence


def some(ids: list[str], n: int = 3, sep: str = ", ") -> str:
    """The first ``n`` of ``ids`` and how many more: ``E1, E2, E3 and 4 more``."""
    return sep.join(ids[:n]) + (f" and {len(ids) - n} more" if len(ids) > n else "")


# -- verdicts ----------------------------------------------------------------------------------------------
def method_label(method: str) -> str:
    """``Bayesian`` or ``Van Evera``: how people name a verdict method."""
    return METHOD_LABELS.get(method, method)


def test_name(t: "ScoredTest") -> str:
    """``the hoop test of E3``; ``the congruence test (hoop)`` for prediction against observed outcome."""
    kind = label(t.type)
    return f"the congruence test ({kind})" if t.congruence else f"the {kind} test of {t.evidence}"


def van_evera_reason(tests: list["ScoredTest"], verdict: str) -> str:
    """The categorical reasoning in one sentence, e.g. 'fails the hoop test of AFG-CSTO-04: rejected'."""
    def names(pred):
        return sorted({test_name(t)[4:] for t in tests if pred(t)})

    if not tests:
        return "no tests: inconclusive"
    if verdict == "rejected":
        return "fails the " + "; the ".join(names(lambda t: eliminates(t.type, t.result))) + ": rejected"
    if verdict == "confirmed":
        return ("passes the " + "; the ".join(names(lambda t: confirms(t.type, t.result)))
                + ", and fails no hoop test: confirmed")
    return "fails no hoop test and passes no smoking gun: inconclusive"


def _weight_text(t: "ScoredTest") -> str:
    w = t.weight_db
    if math.isinf(w):
        return "proves it" if w > 0 else "eliminates it"
    return f"{w:+.1f} dB".replace("-", MINUS)


def _fmt_item(t: "ScoredTest", linchpins: set[str]) -> str:
    kind = f"{label(t.type)} {'passed' if t.result == 'pass' else 'failed'}"
    tag = "; linchpin: without it the verdict changes" if t.evidence in linchpins else ""
    if t.congruence:
        return f"the congruence of prediction and observed outcome ({kind}, {_weight_text(t)})"
    return f"{t.evidence} ({kind}, {_weight_text(t)}{tag})"


def weighing(pair: "PairScore", n: int = 3) -> str:
    """The items weighing most for and against ``pair``'s hypothesis, linchpins first, at most ``n`` each."""
    from .scoring import ranked

    if not pair.tests:
        return "No evidence item tests this hypothesis in this case."
    linch = set(pair.linchpins)

    def listing(items: list["ScoredTest"]) -> str:
        text = ", ".join(_fmt_item(t, linch) for t in items[:n])
        return text + (f" and {len(items) - n} more" if len(items) > n else "")

    pro, con = ranked(pair, 1), ranked(pair, -1)
    if pro and con:
        return f"Weighing most for it: {listing(pro)}; against it: {listing(con)}."
    if pro:
        return f"Weighing most for it: {listing(pro)}; nothing weighs against it."
    if con:
        return f"Weighing most against it: {listing(con)}; nothing weighs for it."
    return "Its tests carry no weight either way (P(E|H) = P(E|not H))."


# -- conclusions -------------------------------------------------------------------------------------------

def _who(o: "ConclusionOutcome") -> str:
    h = o.conclusion.hypothesis
    return f"{h} ({o.hypothesis_title})" if o.hypothesis_title and o.hypothesis_title != h else h


def _where(o: "ConclusionOutcome") -> str:
    return o.case_label or o.conclusion.case


def robustness_name(method: str) -> str:
    """Which verdict a robustness belongs to, said the same way everywhere: ``Bayesian robustness``.

    The sensitivity draws vary the likelihoods, so they test the Bayesian verdict; Van Evera's
    categorical verdict does not depend on them (its robustness is 1.00 whenever draws are made)."""
    return f"{method_label(method)} robustness"


def _numbers(o: "ConclusionOutcome") -> str:
    text = f"posterior {_num(o.posterior)}"
    if o.robustness is not None:
        text += f", {robustness_name(o.method)} {o.robustness:.2f}"
    return text


def conclusion_claim(o: "ConclusionOutcome") -> str:
    """What the researcher claims, e.g. ``H1 (Neo-realist NATO) is confirmed in Afghanistan (Bayesian verdict)``."""
    c = o.conclusion
    text = f"{_who(o)} is {c.verdict} in {_where(o)} ({method_label(o.method)} verdict"
    if c.min_robustness is not None:
        text += f", robustness at least {c.min_robustness:.2f}"
    return text + ")"


def _why_bayes(o: "ConclusionOutcome") -> str:
    """Why the posterior gives the Bayesian verdict it gives, against the thresholds."""
    p, conf, rej = o.posterior, o.confirmed_at, o.rejected_at
    if not o.pair.tests:
        return "no evidence tests it in this case, and a hypothesis without evidence is never confirmed or rejected"
    if o.actual == "confirmed":
        return f"posterior {_num(p)}, at or above the {conf:.2f} that confirms"
    if o.actual == "rejected":
        return f"posterior {_num(p)}, at or below the {rej:.2f} that rejects"
    if o.conclusion.verdict == "confirmed":
        return f"posterior {_num(p)}, short of the {conf:.2f} needed to confirm"
    if o.conclusion.verdict == "rejected":
        return f"posterior {_num(p)}, above the {rej:.2f} needed to reject"
    return f"posterior {_num(p)}, between {rej:.2f} and {conf:.2f}"


def _why_van_evera(o: "ConclusionOutcome") -> str:
    """The categorical reasoning of contract 6.5 in words."""
    tests = o.pair.tests
    if not tests:
        return "no evidence tests it in this case"

    def named(pred) -> str:
        hits = sorted({test_name(t) for t in tests if pred(t)})
        return " and ".join(hits)

    if o.actual == "rejected":
        return "it fails " + named(lambda t: eliminates(t.type, t.result)) + \
            ", which it must pass if it holds"
    if o.actual == "confirmed":
        return "it passes " + named(lambda t: confirms(t.type, t.result)) + \
            " and fails no hoop or doubly-decisive test"
    return "it fails no hoop test and passes no smoking-gun or doubly-decisive test"


def conclusion_finding(o: "ConclusionOutcome") -> str:
    """The claim and what the evidence now gives, without the weighing of items."""
    if o.on_rival_set:
        return rival_finding(o)
    c = o.conclusion
    if o.holds:
        return f"{_who(o)} is {o.actual} in {_where(o)}, as claimed ({_numbers(o)})."
    head = f"The conclusion that {conclusion_claim(o)} does not hold"
    if not o.verdict_ok:
        if o.method == "van_evera":
            conflict = ""
            first = next(o.pair.iter_conflicts(), None)
            if first is not None:
                failed, passed = item_name(first[0]), item_name(first[1])
                conflict = (f"; note the conflict: {failed} fails a necessary test while {passed} passes a "
                            f"sufficient one — check both codings")
            return (f"{head}: the evidence now {_VERB[o.actual]}: {_why_van_evera(o)} "
                    f"(posterior {_num(o.posterior)}){conflict}.")
        why = _why_bayes(o)
        if o.robustness is not None:
            why += f"; robustness of that verdict {o.robustness:.2f}"
        return f"{head}: the evidence now {_VERB[o.actual]} ({why})."
    # the verdict holds, its robustness does not
    if o.robustness is None:
        shortfall = "its robustness was not computed (scoring.draws is 0)"
    else:
        draws = f"{o.draws} " if o.draws else ""
        shortfall = (f"only {o.robustness:.0%} of the {draws}sensitivity draws agree with that verdict, "
                     f"below the {c.min_robustness:.0%} required")
    return f"{head}: it is still {o.actual} (posterior {_num(o.posterior)}), but {shortfall}."


def prior_phrase(pair: "PairScore") -> str:
    """For which priors the Bayesian verdict stays what it is (contract §6.11): ``for any prior above 0.11``."""
    lo, hi = pair.prior_bounds
    if not pair.tests or (lo, hi) == (0.0, 1.0):
        return "whatever the prior"
    if pair.bayes == "confirmed":
        return f"for any prior above {lo:.2f}"
    if pair.bayes == "rejected":
        return f"for any prior below {hi:.2f}"
    return f"for any prior between {lo:.2f} and {hi:.2f}"


def needed_prior(pair: "PairScore", verdict: str, confirmed: float, rejected: float) -> str | None:
    """The priors that would give ``verdict`` on the same evidence, in words; None when no prior would."""
    import math as _m

    L = pair.state.log_lr
    if not pair.tests or _m.isinf(L) or _m.isnan(L):
        return None
    from ..weights import expit, logit

    lo_c, lo_r = expit(logit(confirmed) - L), expit(logit(rejected) - L)
    if verdict == "confirmed":
        return f"a prior of at least {lo_c:.2f}"
    if verdict == "rejected":
        return f"a prior of at most {lo_r:.2f}"
    return f"a prior between {lo_r:.2f} and {lo_c:.2f}"


def rests_on(pair: "PairScore") -> str:
    """Where a verdict rests: its source linchpins and whether the congruence test alone decides it."""
    parts = []
    if pair.source_linchpins:
        keys = ", ".join(pair.source_linchpins)
        parts.append(f"It rests on {'the source' if len(pair.source_linchpins) == 1 else 'the sources'} {keys}: "
                     f"without the items citing {'it' if len(pair.source_linchpins) == 1 else 'any one of them'} "
                     f"the Bayesian verdict changes.")
    if pair.congruence_decides:
        parts.append("Without the congruence test the Bayesian verdict would change: the evidence items alone do not carry it.")
    return " ".join(parts)


def conclusion_sentence(o: "ConclusionOutcome") -> str:
    """One paragraph: what was claimed, what the evidence gives, which items weigh most for and against.

    A conclusion that holds gets one short sentence; one that does not also
    names the items that weigh most and, for a Bayesian claim, the priors for
    which the verdict holds and the sources it rests on (contract §6.11).
    """
    if o.on_rival_set:
        return rival_sentence(o)
    if o.holds:
        return conclusion_finding(o)
    return " ".join(x for x in (conclusion_finding(o), weighing(o.pair), conclusion_context(o)) if x)


def conclusion_context(o: "ConclusionOutcome") -> str:
    """For a Bayesian claim that fails: the priors for which the verdict holds, the prior the claim would
    need, and the sources the verdict rests on (contract §6.11); empty otherwise."""
    pair = o.pair
    if o.holds or o.method != "bayes" or not pair.tests:
        return ""
    text = f"The evidence gives {pair.bayes} {prior_phrase(pair)}"
    if not o.verdict_ok:
        need = needed_prior(pair, o.conclusion.verdict, o.confirmed_at, o.rejected_at)
        text += f"; {o.conclusion.verdict} would need {need}" if need else f"; no prior gives {o.conclusion.verdict}"
    return f"{text}. {rests_on(pair)}".strip()


# -- rival sets (contract §8) ------------------------------------------------------------------------------

def member_name(key: str) -> str:
    """A member of a rival set as people read it; the residual is "none of these"."""
    return "none of these (residual)" if key == "residual" else key


def rival_discriminating(r: "RivalScore", other: str | None = None, n: int = 3) -> str:
    """The items that weigh most between the leader and ``other`` (default the runner-up), in dB:
    ``AFG-NATO-13 (+4.2 dB for H1)``."""
    other = other if other and other != r.best else r.runner_up
    rows = r.discriminating(r.best, other, n=n)
    if not rows:
        return f"No item tells {member_name(r.best)} and {member_name(other)} apart."
    parts = []
    for row in rows:
        side = r.best if row["db"] > 0 else other
        parts.append(f"{row['label']} ({signed(abs(row['db']))} dB for {member_name(side)})")
    return f"Between {member_name(r.best)} and {member_name(other)}, weighing most: {', '.join(parts)}."


def rival_finding(o: "ConclusionOutcome") -> str:
    """What was claimed about a rival set, and what the evidence gives (contract §8.8)."""
    c, r = o.conclusion, o.rival
    where = _where(o)
    numbers = f"posterior {_num(r.posteriors[r.best])}, {signed(r.margin_db)} dB over {member_name(r.runner_up)}"
    if r.robustness is not None:
        numbers += f", robustness {r.robustness:.2f}"
    if o.holds:
        return f"In {where}, {c.best} leads rival set {c.rival_set} ({r.label}), as claimed ({numbers})."
    head = f"The conclusion that {c.best} leads rival set {c.rival_set} ({r.label}) in {where} does not hold"
    if not o.verdict_ok:
        return (f"{head}: {member_name(r.best)} leads ({numbers}); {c.best} has posterior "
                f"{_num(r.posteriors[c.best])}.")
    shortfalls = []
    if not o.margin_ok:
        shortfalls.append(f"its margin is {signed(r.margin_db)} dB, below the {c.min_margin_db:g} dB required")
    if not o.robustness_ok:
        shortfalls.append("its robustness was not computed (scoring.draws is 0)" if r.robustness is None else
                          f"only {r.robustness:.0%} of the draws keep it best, below the {c.min_robustness:.0%} required")
    return f"{head}: it leads ({numbers}), but {' and '.join(shortfalls)}."


def rival_sentence(o: "ConclusionOutcome") -> str:
    if o.holds:
        return rival_finding(o)
    return f"{rival_finding(o)} {rival_discriminating(o.rival, o.conclusion.best)}"


# -- planned evidence (`tracing plan`, the report's "Looking for next") --------------------------------------

def planned_none() -> str:
    """What `tracing plan` says when the study plans nothing."""
    return ("no planned evidence items: mark an item 'status: planned' (or write one with "
            "'tracing new evidence --planned') to rank what to look for next")


PLANNED_NONE_FOR_PAIR = "no planned item tests this hypothesis in this case"
PLANNED_FOOTNOTE = ("each planned item is ranked as if it were the next search, independent of the evidence in hand; "
                    "weigh its learning against the cost of the search")


def _moved(hypothesis: str, before: float, after: float | None, verdict_before: str, verdict_after: str | None) -> str:
    if after is None:
        return "cannot happen under these likelihoods"
    if verdict_after == verdict_before:
        where = f"still {verdict_after}"
    else:
        where = f"{verdict_after}, where it is now {verdict_before}"
    if abs(after - before) < 5e-4:
        return f"would leave {hypothesis} at {prob(before)} ({where})"
    verb = "raise" if after > before else "lower"
    return f"would {verb} {hypothesis} from {prob(before)} to {prob(after)} ({where})"


def planned_effect(t) -> str:
    """What finding, and not finding, a planned trace would do to one hypothesis × case (a ``PlannedTest``):
    ``Finding it would raise H1 from 0.520 to 0.930 (confirmed, where it is now inconclusive); not finding
    it would lower H1 from 0.520 to 0.410 (still inconclusive).``"""
    found = _moved(t.hypothesis, t.prior, t.posterior_if_found, t.verdict, t.verdict_if_found)
    missed = _moved(t.hypothesis, t.prior, t.posterior_if_not_found, t.verdict, t.verdict_if_not_found)
    return f"Finding it {found}; not finding it {missed}."


def planned_set_effect(s) -> str:
    """What finding, and not finding, a planned trace would do to a rival set (a ``PlannedSet``)."""
    def side(best: str | None, post: dict | None) -> str:
        if best is None or post is None:
            return "cannot happen under these likelihoods"
        if best == s.best:
            return f"would keep {member_name(best)} ahead ({prob(post[best])})"
        return f"would put {member_name(best)} ahead ({prob(post[best])}) of {member_name(s.best)}"
    return (f"Finding it {side(s.best_if_found, s.posteriors_if_found)}; not finding it "
            f"{side(s.best_if_not_found, s.posteriors_if_not_found)}.")


# -- judgement analyses (contract §9): drivers and break-even likelihoods ---------------------------------------
def _likelihood(x: float) -> str:
    """A likelihood as the analyses print it: ``0.14``; two significant digits below 0.1 (``0.012``)."""
    if x <= 0.0 or x >= 1.0:
        return f"{x:.0f}"
    return f"{x:.2g}" if x < 0.1 else f"{x:.2f}"


def judgement_name(d) -> str:
    """A judgement (a :class:`~tracing.engine.judgements.Driver`) in words: ``the smoking-gun reading of
    AFG-NATO-13``, ``the hoop likelihoods`` (``vary: type``), ``the dependence discount``."""
    if d.kind == "dependence":
        return "the dependence discount"
    kind = label(d.type).replace(" ", "-") if d.type else "test"
    if d.kind == "type":
        return f"the {kind} likelihoods"
    if is_congruence_id(d.judgement):
        return "the congruence test's likelihoods"
    return f"the {kind} reading of {d.evidence}"


def driver_sentence(d) -> str:
    """``the smoking-gun reading of AFG-NATO-13 carries 42 % of the uncertainty`` (its total-order index)."""
    return f"{judgement_name(d)} carries {pct(d.total_index)} of the uncertainty"


def no_driver_sentence(has_tests: bool) -> str:
    if not has_tests:
        return "no test: no likelihood judgement enters this verdict"
    return "every likelihood here is fixed (overrides, breadth congruence): no drawn judgement moves the posterior"


def _bounds_phrase(type_: str, which: str, lo: float, hi: float, open_lo: bool, open_hi: bool) -> str:
    name = f"{label(type_).replace(' ', '-')} {which}"
    if open_lo:
        return f"{name} \u2264 {_likelihood(hi)}"
    if open_hi:
        return f"{name} \u2265 {_likelihood(lo)}"
    return f"{name} lies between {_likelihood(lo)} and {_likelihood(hi)}"


def _inside(b, which: str, lo: float, hi: float, open_lo: bool, open_hi: bool) -> str:
    r_lo, r_hi = b.ranges[0] if which == "p" else b.ranges[1]
    inside = [x for x, is_open in ((lo, open_lo), (hi, open_hi)) if not is_open and r_lo < x < r_hi]
    if not inside:
        return ""
    return f" (inside the sensitivity range {_likelihood(r_lo)}\u2013{_likelihood(r_hi)})"


def break_even_sentences(b, verdict: str, subject: str | None = None) -> list[str]:
    """For one test type (a :class:`~tracing.engine.judgements.BreakEven`), each of p and q that can flip the
    verdict: ``stays confirmed while smoking-gun q ≤ 0.14; the table uses 0.05``. With ``subject`` (a rival
    set's best member): ``H3 stays best while hoop p ≥ 0.41; the table uses 0.95``."""
    out = []
    for which, point in (("p", b.point[0]), ("q", b.point[1])):
        iv = b.interval(which)
        if iv is None:
            continue
        lo, hi = iv
        beyond = b.beyond.get(which, (None, None))
        open_lo, open_hi = beyond[0] is None, beyond[1] is None
        stays = f"{member_name(subject)} stays best" if subject else f"stays {verdict}"
        out.append(f"{stays} while {_bounds_phrase(b.type, which, lo, hi, open_lo, open_hi)}; the table uses "
                   f"{_likelihood(point)}{_inside(b, which, lo, hi, open_lo, open_hi)}")
    return out


def whole_range_types(break_even) -> list[str]:
    """The test types whose p and q can each take any value without flipping the verdict."""
    return [label(b.type) for b in break_even if b.p_e_h is None and b.p_e_not_h is None]


HARDLY_MOVES = 0.005   # a posterior's standard deviation over the ranges below which its shares are no news


def spread_sentence(sd: float) -> str:
    """How much the posterior moves over the sensitivity ranges, said before its shares are: a share of a
    variance that hardly exists is no news."""
    if sd < HARDLY_MOVES:
        return (f"over the sensitivity ranges the posterior hardly moves (standard deviation {sd:.1g}), so these "
                f"shares are of a tiny variance")
    return f"over the sensitivity ranges the posterior has a standard deviation of {sd:.2f}"
