"""The course's glossary: every key term in English, Persian and Russian.

The seminar is taught in three languages, so every key term of the course is given in
English, in Persian (in the wording of the seminar's Persian slides where they give one) and
in Russian (in the wording of the HSE 2007 deck where it gives one; :attr:`Term.ru_seminar`
says so), with a one-line definition and the notebook that teaches it.

- :data:`TERMS`: the glossary, one :class:`Term` per entry, in course order.
- :func:`table`: the glossary (or one notebook's terms) as a DataFrame.
- :func:`search`: find terms from a word in any of the three languages.
- :func:`to_markdown`: the glossary as a Markdown page (the course site renders it).

Searching is forgiving in the ways the three languages need: case and surrounding spaces
never matter; Persian is matched the same with Arabic or Persian letter forms (ي/ی, ك/ک,
ة/ه, أ/إ/ا), with or without the zero-width non-joiner (U+200C, as in «بخش‌بندی») and
with or without short-vowel marks; Russian «ё» matches «е»; Persian and Arabic-Indic
digits match Latin ones. A query of several words finds the entries holding every word
(«analytical CRM» finds the entry «operational / analytical / collaborative CRM»).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

__all__ = ["Term", "TERMS", "NOTEBOOKS", "normalise", "table", "search", "to_markdown"]

#: The course's notebooks, by number, as their key-terms tables and the site name them.
NOTEBOOKS: dict[str, str] = {
    "00": "Welcome: the course, the company and its data",
    "01": "What CRM is",
    "02": "Relationship marketing and its four dimensions",
    "03": "The Kalakota & Robinson CRM lifecycle",
    "04": "Swift's CRM process model",
    "05": "Customer satisfaction measurement",
    "06": "Customer value: RFM, CLV and profitability",
    "07": "Loyalty and loyalty programmes",
    "08": "Six Sigma and DMAIC for CRM processes",
    "09": "Capstone: a CRM plan and its scorecard",
}


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes
    ----------
    en, fa, ru : str
        The term in English, Persian and Russian, exactly as the notebooks' key-terms
        tables give it.
    definition : str
        One line, in English.
    notebook : str
        The number of the notebook that teaches it ("01" ... "09").
    ru_seminar : bool
        True when the Russian wording is the seminar's own (the HSE 2007 deck).
    """

    en: str
    fa: str
    ru: str
    definition: str
    notebook: str
    ru_seminar: bool = False


def _t(en, fa, ru, definition, notebook, ru_seminar=False) -> Term:
    return Term(en, fa, ru, definition, notebook, ru_seminar)


# The key terms of the syllabus's table (SYLLABUS.md, "Key terms"), in its wording.
_SYLLABUS_TERMS: tuple[Term, ...] = (
    _t(
        "customer relationship management (CRM)",
        "مدیریت ارتباط با مشتری",
        "управление взаимоотношениями с клиентами",
        "A strategy, with its processes and systems, for finding, keeping and growing "
        "profitable customers to the benefit of both sides.",
        "01",
    ),
    _t(
        "customer orientation",
        "مشتری مداری",
        "клиентоориентированность",
        "Organising every level of a company, from technology to strategy, around what "
        "customers need.",
        "01",
        True,
    ),
    _t(
        "operational / analytical / collaborative CRM",
        "CRM عملیاتی / تحلیلی / همکاری",
        "оперативный / аналитический / коллаборационный CRM",
        "The three parts of CRM: running the customer-facing work, analysing customer "
        "data for decisions, and sharing the work with customers, channels and partners.",
        "01",
        True,
    ),
    _t(
        "customisation, personalisation",
        "سفارشی سازی، ارتباط شخصی شده",
        "индивидуализация товаров/услуг",
        "Fitting the offer and the contact to the individual customer.",
        "01",
        True,
    ),
    _t(
        "after-sales service",
        "حمایت / خدمات پس از فروش",
        "послепродажное обслуживание",
        "Support after the purchase (delivery, repair, complaints) that turns a sale into "
        "a relationship.",
        "01",
        True,
    ),
    _t(
        "tangible / intangible benefits",
        "مزایای محسوس / نامحسوس",
        "материальные / нематериальные выгоды",
        "Gains of CRM that can be counted in money (revenue, cost) and those that cannot "
        "directly (trust, knowledge, reputation).",
        "01",
    ),
    _t(
        "return on investment (ROI)",
        "بازگشت سرمایه",
        "окупаемость инвестиций",
        "What an investment such as a CRM project returns, relative to what it cost.",
        "01",
    ),
    _t(
        "churn",
        "فرار مشتریان",
        "снижение потерь клиентов / отток",
        "Customers lost in a period, as a share of those the period started with; "
        "retention is its complement.",
        "01",
        True,
    ),
    _t(
        "cross-selling, repeat sales",
        "فروش محصولات مرتبط و نامرتبط",
        "«вторичные продажи»",
        "Selling existing customers more, or other, products: the 'secondary sales' that "
        "a CRM project should raise.",
        "01",
        True,
    ),
    _t(
        "contact centre; voice of the customer",
        "مراکز تماس (VOC, CC)",
        "контакт-центр; голос клиента",
        "The unit that handles customers' calls and messages, and what customers say "
        "through it, collected and analysed.",
        "08",
    ),
    _t(
        "relationship marketing",
        "بازاریابی ارتباطی",
        "маркетинг взаимоотношений",
        "Creating, strengthening and keeping long relations with customers and other "
        "stakeholders for mutual benefit, rather than single transactions.",
        "02",
    ),
    _t(
        "bonding",
        "اتصال دو جانبه بر مبنای منافع مشترک",
        "взаимная привязанность",
        "The two-way attachment of customer and company built on shared interests.",
        "02",
    ),
    _t(
        "empathy",
        "همدلی",
        "эмпатия",
        "Seeing the situation from the other side's point of view.",
        "02",
    ),
    _t(
        "reciprocity",
        "همکاری و کمک متقابل",
        "взаимность",
        "Cooperation and mutual help: each side returns what it receives.",
        "02",
    ),
    _t(
        "trust",
        "اعتماد و اطمینان",
        "доверие",
        "Confidence that the other side is reliable and will act in one's interest.",
        "02",
        True,
    ),
    _t(
        "win-win",
        "برنده – برنده",
        "взаимовыгодные отношения",
        "A relationship in which both customer and company gain.",
        "02",
    ),
    _t(
        "acquisition",
        "جذب مشتری، اکتساب مشتری",
        "привлечение новых клиентов",
        "The first phase of the CRM lifecycle: winning new customers.",
        "03",
        True,
    ),
    _t(
        "enhancement",
        "ارتقاء",
        "развитие отношений",
        "The second phase: making existing customers more profitable, by cross-selling, "
        "up-selling and better service at lower cost.",
        "03",
    ),
    _t(
        "retention",
        "حفظ مشتری",
        "удержание клиентов",
        "The third phase: keeping profitable customers by giving them what they want.",
        "03",
    ),
    _t(
        "differentiation, bundling, adaptation",
        "تمایزسازی، دسته کردن، انطباق",
        "дифференциация, комплектование, адаптация",
        "The strategies of the three lifecycle phases: stand out to acquire, bundle to "
        "enhance, adapt to the customer to retain.",
        "03",
    ),
    _t(
        "segment, segmentation",
        "بخش (Segment)، بخش بندی",
        "сегментация",
        "Dividing customers into groups with similar needs or value, to serve each group "
        "in its own way.",
        "04",
        True,
    ),
    _t(
        "interaction, connection, knowledge, relationship (Swift)",
        "تعامل، اتصال، شناخت، ایجاد ارتباط",
        "взаимодействие, связь, знание, отношения",
        "Swift's four components of CRM: the exchanges with customers, the touchpoints "
        "that carry them, the insight drawn from them, and its use in valuable relations.",
        "04",
        True,
    ),
    _t(
        "knowledge discovery, market planning, customer interaction, analysis and refinement",
        "کشف دانستنی ها، برنامه ریزی بازار، تعامل با مشتری، تجزیه و تحلیل و پالایش",
        "извлечение знаний, планирование рынка, взаимодействие с клиентом, анализ и уточнение",
        "The four steps of Swift's CRM process loop, each turn learning from the "
        "customers' responses to the last.",
        "04",
    ),
    _t(
        "touchpoint",
        "نقطه تماس",
        "точка контакта",
        "Any point where customer and company meet: a store visit, a call, an email, a "
        "web session.",
        "04",
    ),
    _t(
        "sales force automation",
        "خودکار بودن نیروی فروش",
        "автоматизация продаж",
        "Software that supports and records the sales team's work with customers.",
        "04",
    ),
    _t(
        "customer satisfaction measurement (CSM)",
        "محاسبه رضایت مشتری",
        "анализ удовлетворённости",
        "Measuring how well the company meets customers' expectations, with surveys and indices.",
        "05",
        True,
    ),
    _t(
        "customer satisfaction index (CSI)",
        "شاخص رضایت مشتری (CSI)",
        "индекс удовлетворённости клиентов",
        "Performance on the attributes customers care about, weighted by their importance, "
        "on a 0-100 scale.",
        "05",
    ),
    _t(
        "net promoter score (NPS)",
        "شاخص خالص مروجان",
        "индекс чистой поддержки (NPS)",
        "The share of promoters (9-10 on 'would you recommend us?') minus the share of "
        "detractors (0-6), in points from -100 to 100.",
        "05",
    ),
    _t(
        "customer experience (CX)",
        "تجربه مشتری",
        "клиентский опыт",
        "Everything a customer perceives across all touchpoints with the company.",
        "07",
    ),
    _t(
        "customer lifetime value (CLV)",
        "ارزش مدت حیات مشتری، ارزش عمر مشتری",
        "пожизненная ценность клиента",
        "The present value of the margins a customer will bring over the whole relationship.",
        "06",
    ),
    _t(
        "customer profitability; unprofitable customers",
        "سودآوری مشتری؛ مشتریان غیر سودآور",
        "рентабельность; неприбыльные клиенты",
        "What a customer brings in less what serving them costs; customers whose costs "
        "exceed what they bring.",
        "06",
        True,
    ),
    _t(
        "customer loyalty; loyalty programme",
        "وفاداری مشتری؛ برنامه وفاداری مشتری",
        "лояльность клиентов; программа лояльности",
        "Buying again and preferring the company over time; a scheme that rewards it.",
        "07",
    ),
    _t(
        "points, spend-based, tiered, membership, value-based, partnership, gamified, "
        "hybrid programme",
        "مبتنی بر امتیاز، هزینه، سطوح وفاداری، عضویت، ارزش، مشارکت، بازی و سرگرمی، ترکیبی",
        "балльная, по сумме покупок, многоуровневая, платная, ценностная, коалиционная, "
        "игровая, гибридная",
        "The kinds of loyalty programme, by what they reward and how.",
        "07",
    ),
    _t(
        "consumer community",
        "(جامعه مشتریان)",
        "потребительское сообщество",
        "Customers who meet around a brand or product and help one another: the social "
        "approach to CRM.",
        "07",
        True,
    ),
    _t(
        "Six Sigma; DMAIC; DFSS",
        "شش سیگما؛ تعریف، اندازه گیری، تجزیه و تحلیل، بهبود، کنترل",
        "шесть сигм; DMAIC; DFSS",
        "A method of improving a process's mean and variation; its improvement cycle "
        "(define, measure, analyse, improve, control); and design for Six Sigma, for a "
        "process that must be built anew.",
        "08",
    ),
    _t(
        "CRM scorecard",
        "کارت امتیازی CRM",
        "система показателей CRM",
        "A balanced scorecard of CRM: measures in financial, customer, operations and "
        "people perspectives, each against its target.",
        "09",
    ),
)

# Further terms that the notebooks' "### Key terms" tables give, in their wording.
_FURTHER_TERMS: tuple[Term, ...] = (
    _t(
        "customer loyalty",
        "وفاداری مشتری",
        "лояльность клиентов",
        "A customer's disposition to keep buying from the company and prefer it, seen in "
        "repurchase and retention.",
        "02",
    ),
    _t(
        "commitment",
        "تعهد",
        "приверженность",
        "The lasting wish to keep a valued relationship going; with trust, the core of "
        "commitment-trust theory.",
        "02",
    ),
    _t(
        "Likert scale",
        "طیف لیکرت",
        "шкала Лайкерта",
        "A survey answer scale of ordered agreement levels (for example 1 'strongly "
        "disagree' to 5 'strongly agree').",
        "02",
    ),
    _t(
        "reliability; Cronbach's alpha",
        "پایایی؛ آلفای کرونباخ",
        "надёжность; альфа Кронбаха",
        "How consistently a set of items measures one thing; the usual index of it, from "
        "the items' variances and their total's.",
        "02",
    ),
    _t(
        "customer lifecycle",
        "چرخه حیات مشتری",
        "жизненный цикл клиента",
        "The stages a customer passes through with the company, from first purchase to "
        "growth, retention or loss.",
        "03",
    ),
    _t(
        "share of wallet",
        "سهم کیف پول",
        "доля кошелька",
        "The part of a customer's spending in a category that goes to the company.",
        "03",
    ),
    _t(
        "sales funnel",
        "قیف فروش",
        "воронка продаж",
        "The narrowing steps from first contact to first and repeat purchase, with the share "
        "of customers left at each.",
        "03",
    ),
    _t(
        "control group",
        "گروه کنترل",
        "контрольная группа",
        "Customers chosen at random to be left out of a campaign, so its effect can be "
        "measured against them.",
        "04",
    ),
    _t(
        "campaign",
        "کمپین",
        "кампания",
        "A planned offer or message sent to chosen customers in a period, whose response is "
        "measured.",
        "04",
    ),
    _t(
        "customer satisfaction",
        "رضایت مشتری",
        "удовлетворённость клиентов",
        "How far what the customer received meets or exceeds what they expected.",
        "05",
    ),
    _t(
        "expectations",
        "انتظارات",
        "ожидания",
        "What customers expect before a purchase; satisfaction compares performance with them.",
        "05",
    ),
    _t(
        "service quality",
        "کیفیت خدمات",
        "качество обслуживания",
        "The gap between the service customers expect and the one they perceive, over "
        "SERVQUAL's five dimensions.",
        "05",
    ),
    _t(
        "complaint",
        "شکایت",
        "жалоба",
        "A customer's expressed dissatisfaction with a product or service, to be resolved "
        "and learned from.",
        "05",
    ),
    _t(
        "repurchase",
        "خرید مجدد",
        "повторная покупка",
        "A customer buying again within a given time, the behaviour satisfaction should predict.",
        "05",
    ),
    _t(
        "recency, frequency, monetary value (RFM)",
        "تازگی، تکرار، ارزش پولی (RFM)",
        "давность, частота, сумма покупок (RFM-анализ)",
        "Scoring customers by how recently, how often and for how much they bought.",
        "06",
    ),
    _t(
        "discount rate",
        "نرخ تنزیل",
        "ставка дисконтирования",
        "The yearly rate at which future margins are discounted to their present value in a CLV.",
        "06",
    ),
    _t(
        "cohort",
        "کوهورت (گروه هم‌دوره)",
        "когорта",
        "Customers who started in the same period, followed together over time.",
        "06",
    ),
    _t(
        "discount, promotion",
        "تخفیف، پیشبرد فروش",
        "скидка, промоакция",
        "A price cut or a temporary offer to raise sales; bought at a loss, it makes deal "
        "seekers unprofitable.",
        "06",
    ),
    _t(
        "selection bias (self-selection)",
        "سوگیری انتخاب (خودگزینی)",
        "смещение отбора (самоотбор)",
        "A distorted comparison because the customers who chose to join differ from those "
        "who did not.",
        "07",
    ),
    _t(
        "stratification",
        "طبقه‌بندی",
        "стратификация",
        "Comparing like with like within groups (strata) of similar customers, then "
        "combining the groups' results.",
        "07",
    ),
    _t(
        "randomised experiment",
        "آزمایش تصادفی‌شده",
        "рандомизированный эксперимент",
        "A test in which chance decides who is treated, so the groups differ only by the "
        "treatment.",
        "07",
    ),
    _t(
        "points liability",
        "بدهی امتیازهای وفاداری",
        "обязательства по накопленным баллам",
        "What the loyalty points customers hold but have not yet redeemed will cost the company.",
        "07",
    ),
    _t(
        "critical to quality (CTQ)",
        "ویژگی حیاتی برای کیفیت",
        "критичная для качества характеристика",
        "A measurable feature of a process's output that customers care about, with a "
        "limit that defines a defect.",
        "08",
    ),
    _t(
        "defect; defects per million opportunities (DPMO)",
        "نقص؛ تعداد نقص در هر میلیون فرصت",
        "дефект; число дефектов на миллион возможностей",
        "An output that misses a CTQ limit; the defect count scaled to one million chances "
        "for a defect.",
        "08",
    ),
    _t(
        "sigma level",
        "سطح سیگما",
        "уровень сигмы",
        "A process's defect rate expressed as a number of standard deviations (with or "
        "without the 1.5 sigma shift).",
        "08",
    ),
    _t(
        "process capability (Cp, Cpk)",
        "قابلیت فرایند",
        "воспроизводимость процесса",
        "How well a process's spread (Cp), and its spread and centre (Cpk), fit within the "
        "specification limits.",
        "08",
    ),
    _t(
        "Pareto chart; root cause",
        "نمودار پارتو؛ علت ریشه‌ای",
        "диаграмма Парето; коренная причина",
        "Bars of causes sorted by frequency with their cumulative share; the underlying "
        "cause a fix must remove.",
        "08",
    ),
    _t(
        "control chart",
        "نمودار کنترل",
        "контрольная карта",
        "A process measure plotted over time against limits three standard errors from its "
        "mean, to spot unusual change.",
        "08",
    ),
    _t(
        "balanced scorecard",
        "کارت امتیازی متوازن",
        "сбалансированная система показателей",
        "Kaplan and Norton's set of measures over financial, customer, process and learning "
        "perspectives, each with targets.",
        "09",
    ),
    _t(
        "perspective of the scorecard",
        "ابعاد کارت امتیازی",
        "перспектива системы показателей",
        "One of the scorecard's viewpoints (financial, customer, operations, people and "
        "information) grouping its measures.",
        "09",
    ),
    _t(
        "success factor",
        "عوامل موفقیت CRM",
        "фактор успеха",
        "What must be achieved in a perspective for the CRM strategy to succeed, tracked by "
        "its measures.",
        "09",
    ),
    _t(
        "target",
        "هدف",
        "целевое значение",
        "The value a scorecard measure should reach; its status says whether it does.",
        "09",
    ),
    _t(
        "conditions of successful CRM",
        "شرایط موفقیت CRM",
        "условия успешной реализации CRM",
        "What must be in place for a CRM project to work: strategy, leadership, data, "
        "processes, people and technology.",
        "09",
    ),
    _t(
        "readiness",
        "آمادگی",
        "готовность",
        "How far an organisation meets those conditions before it starts a CRM project.",
        "09",
    ),
    _t(
        "organisational structure",
        "ساختار سازمانی",
        "организационная структура",
        "How work, roles and authority are divided and coordinated in a company; CRM changes it.",
        "09",
    ),
    _t(
        "empowerment",
        "توانمند سازی",
        "расширение полномочий",
        "Giving front-line staff the authority and information to solve customers' problems "
        "themselves.",
        "09",
    ),
    _t(
        "leadership style",
        "سبک رهبری",
        "стиль руководства",
        "How managers direct and support their staff, which CRM moves toward coaching and "
        "customer focus.",
        "09",
    ),
)

#: The glossary, in course order: by notebook, then the syllabus's terms in the order the
#: notebook teaches them, then the notebook's further terms.
TERMS: tuple[Term, ...] = tuple(
    sorted(_SYLLABUS_TERMS + _FURTHER_TERMS, key=lambda term: term.notebook)
)

# --------------------------------------------------------------------------- searching

#: Arabic letter forms written for their Persian counterparts, and other variants.
_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
        "\u0649": "\u06cc",  # alef maksura -> Persian yeh
        "\u0643": "\u06a9",  # Arabic kaf -> Persian keheh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u06c0": "\u0647",  # heh with yeh above -> heh
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0671": "\u0627",  # alef wasla -> alef
        "\u0451": "\u0435",  # Russian yo -> ye
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u00ab": "",  # «
        "\u00bb": "",  # »
        '"': "",
    }
)
#: Zero-width non-joiner and joiner, direction marks, tatweel: removed before matching.
_INVISIBLE = re.compile("[\u200c\u200d\u200e\u200f\u0640]")


def normalise(text: str) -> str:
    """The form in which terms and queries are compared.

    Case-folded; Arabic letter forms mapped to Persian (ي to ی, ك to ک, ة to ه, hamza
    alefs to ا); the zero-width non-joiner, joiner, direction marks and tatweel removed;
    combining marks (Arabic short vowels, the Russian «ё» dots) removed; Persian and
    Arabic-Indic digits as Latin; runs of spaces as one space.

    Parameters
    ----------
    text : str
        A term or a query, in any of the three languages.

    Returns
    -------
    str
        The normalised text.

    Raises
    ------
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> normalise("بخش‌بندی") == normalise("بخشبندی")  # with and without ZWNJ
    True
    >>> normalise("مشتري") == normalise("مشتری")  # Arabic and Persian yeh
    True
    >>> normalise("  Удовлетворённость ")
    'удовлетворенность'
    """
    if not isinstance(text, str):
        raise TypeError(f"a glossary search takes a str, not a {type(text).__name__}.")
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text)).translate(_LETTERS)
    return " ".join(text.casefold().split())


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s/;,()\-–]+", normalise(text)) if w]


def table(notebook: str | None = None) -> pd.DataFrame:
    """The glossary as a table, or the terms of one notebook.

    Parameters
    ----------
    notebook : str, optional
        A notebook number, "01" to "09"; all terms by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``english``, ``persian``, ``russian``, ``definition``, ``notebook``, in
        course order.

    Raises
    ------
    ValueError
        If ``notebook`` is not one of the course's notebooks.

    Examples
    --------
    >>> table("02")["english"].tolist()[:3]
    ['relationship marketing', 'bonding', 'empathy']
    """
    rows = TERMS
    if notebook is not None:
        if notebook not in NOTEBOOKS:
            raise ValueError(
                f"argument 'notebook' is {notebook!r}; give a notebook number as a string, "
                f"one of {', '.join(map(repr, NOTEBOOKS))}."
            )
        rows = tuple(t for t in TERMS if t.notebook == notebook)
    return pd.DataFrame(
        {
            "english": [t.en for t in rows],
            "persian": [t.fa for t in rows],
            "russian": [t.ru for t in rows],
            "definition": [t.definition for t in rows],
            "notebook": [t.notebook for t in rows],
        }
    )


def search(query: str, *, language: str | None = None) -> pd.DataFrame:
    """Find glossary terms from a word or phrase in English, Persian or Russian.

    Parameters
    ----------
    query : str
        One or more words. An entry matches when every word of the query occurs in it
        (as the start of one of its words), after :func:`normalise`.
    language : {"en", "fa", "ru"}, optional
        Search only that language's column; all three by default.

    Returns
    -------
    pandas.DataFrame
        The matching entries, as :func:`table` gives them, in course order; empty when
        nothing matches.

    Raises
    ------
    TypeError
        If ``query`` is not a string.
    ValueError
        If ``query`` is empty or ``language`` is not one of "en", "fa", "ru".

    Examples
    --------
    >>> search("loyalty programme")["english"].tolist()
    ['customer loyalty; loyalty programme']
    >>> search("اعتماد")["english"].tolist()
    ['trust']
    >>> search("اعتماد و اطمينان")["english"].tolist()  # Arabic yeh typed
    ['trust']
    >>> search("удержание")["english"].tolist()
    ['retention']
    >>> search("بخش‌بندی")["english"].tolist() == search("بخشبندی")["english"].tolist()
    True
    """
    words = _words(query)
    if not words:
        raise ValueError("argument 'query' is empty; give a word in English, Persian or Russian.")
    columns = {"en": "en", "fa": "fa", "ru": "ru"}
    if language is not None and language not in columns:
        raise ValueError(
            f"argument 'language' is {language!r}; use 'en', 'fa', 'ru' or None (all three)."
        )
    fields = [columns[language]] if language else list(columns.values())

    # Persian writes a compound with a space, a zero-width non-joiner or nothing
    # («بخش بندی», «بخش‌بندی», «بخشبندی»): also compare with every space removed.
    compact = "".join(words)

    def hit(term: Term) -> bool:
        haystack = [w for f in fields for w in _words(getattr(term, f))]
        if all(any(h.startswith(w) for h in haystack) for w in words):
            return True
        return any(compact in "".join(_words(getattr(term, f))) for f in fields)

    found = table()
    return found[[hit(t) for t in TERMS]].reset_index(drop=True)


def to_markdown() -> str:
    """The glossary as a Markdown page: one table per notebook, in course order.

    Returns
    -------
    str
        Markdown with a heading per notebook and a table ``English | Persian | Russian |
        Definition``; Persian cells are wrapped in ``<span dir="rtl">``.

    Examples
    --------
    >>> page = to_markdown()
    >>> page.splitlines()[0]
    '# Glossary'
    >>> print(next(line for line in page.splitlines() if line.startswith("| empathy |")))
    | empathy | <span dir="rtl">همدلی</span> | эмпатия | Seeing the situation from the other side's point of view. |
    """
    lines = [
        "# Glossary",
        "",
        "Every key term of the course in English, Persian and Russian, with the notebook "
        "that teaches it. Russian terms marked † are the seminar's own wording.",
    ]
    for number, name in NOTEBOOKS.items():
        terms = [t for t in TERMS if t.notebook == number]
        if not terms:
            continue
        lines += ["", f"## {number} {name}", "", "| English | Persian | Russian | Definition |"]
        lines.append("|---|---|---|---|")
        for t in terms:
            mark = " †" if t.ru_seminar else ""
            lines.append(
                f'| {t.en} | <span dir="rtl">{t.fa}</span> | {t.ru}{mark} | {t.definition} |'
            )
    return "\n".join(lines) + "\n"
