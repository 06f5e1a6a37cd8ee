//! The studio's words, in English and German. The findings themselves are
//! the CLI's (`plauder check`, `plauder build`): English, as in a terminal.

/// The studio's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiLang {
    /// English.
    En,
    /// German.
    De,
}

impl UiLang {
    /// The language of the browser, German or else English.
    pub fn of_browser() -> UiLang {
        let language = web_sys::window()
            .and_then(|w| w.navigator().language())
            .unwrap_or_default();
        match language.to_ascii_lowercase().starts_with("de") {
            true => UiLang::De,
            false => UiLang::En,
        }
    }

    /// The language of entries that name none, and of new ones.
    pub fn faq_lang(self) -> responder::lang::Lang {
        match self {
            UiLang::En => responder::lang::Lang::English,
            UiLang::De => responder::lang::Lang::German,
        }
    }

    /// The words.
    pub fn text(self) -> &'static Text {
        match self {
            UiLang::En => &EN,
            UiLang::De => &DE,
        }
    }

    /// The ISO code.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::De => "de",
        }
    }
}

/// Every text the studio shows.
pub struct Text {
    pub title: &'static str,
    pub open: &'static str,
    pub template: &'static str,
    pub drop_here: &'static str,
    pub language: &'static str,
    pub download: &'static str,
    pub download_bundle: &'static str,
    pub download_markdown: &'static str,
    pub download_csv: &'static str,
    pub entries: &'static str,
    pub filter: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub no_question: &'static str,
    pub empty: &'static str,
    pub question: &'static str,
    pub phrasings: &'static str,
    pub phrasings_hint: &'static str,
    pub answer: &'static str,
    pub answer_hint: &'static str,
    pub preview: &'static str,
    pub id: &'static str,
    pub tags: &'static str,
    pub entry_lang: &'static str,
    pub link: &'static str,
    pub problem: &'static str,
    pub warning: &'static str,
    pub fix: &'static str,
    pub no_findings: &'static str,
    pub whole_faq: &'static str,
    pub building: &'static str,
    pub built: &'static str,
    pub not_built: &'static str,
    pub saved_locally: &'static str,
    pub tab_ask: &'static str,
    pub tab_weak: &'static str,
    pub tab_visitors: &'static str,
    pub tab_preview: &'static str,
    pub ask_label: &'static str,
    pub ask: &'static str,
    pub decides_answer: &'static str,
    pub decides_clarify: &'static str,
    pub decides_no_match: &'static str,
    pub decides_person: &'static str,
    pub thresholds: &'static str,
    pub confidence: &'static str,
    pub matched_words: &'static str,
    pub matched_parts: &'static str,
    pub matched_answer: &'static str,
    pub matched_grams: &'static str,
    pub nothing_matched: &'static str,
    pub quiz_intro: &'static str,
    pub quiz_score: &'static str,
    pub quiz_sample: &'static str,
    pub taken: &'static str,
    pub taken_fix: &'static str,
    pub offered_beside: &'static str,
    pub unfound: &'static str,
    pub unfound_fix: &'static str,
    pub untested: &'static str,
    pub untested_fix: &'static str,
    pub all_good: &'static str,
    pub visitors_label: &'static str,
    pub visitors_hint: &'static str,
    pub group: &'static str,
    pub answered_by: &'static str,
    pub clarified: &'static str,
    pub asked_person: &'static str,
    pub unanswered: &'static str,
    pub unanswered_fix: &'static str,
    pub preview_intro: &'static str,
    pub preview_button: &'static str,
    pub preview_title: &'static str,
    pub replace_unsaved: &'static str,
    pub opened: &'static str,
    pub read_failed: &'static str,
    pub questions: &'static str,
    pub entries_count: &'static str,
    pub phrasings_count: &'static str,
    pub and_more: &'static str,
    pub bundle_read_only: &'static str,
    pub bundle_close: &'static str,
}

pub const EN: Text = Text {
    title: "Plauder Studio",
    open: "Open files…",
    template: "Start from a template",
    drop_here: "Drop Markdown, CSV or JSON files anywhere to open them, or a faq.plauder to look inside. Nothing leaves your browser.",
    language: "Language",
    download: "Download",
    download_bundle: "faq.plauder",
    download_markdown: "Markdown",
    download_csv: "CSV",
    entries: "Entries",
    filter: "Filter entries",
    add: "Add entry",
    remove: "Remove this entry",
    no_question: "(no question yet)",
    empty: "Open your FAQ's files (Markdown, CSV or JSON) or start from a template.",
    question: "Question",
    phrasings: "Other ways visitors ask it",
    phrasings_hint: "One per line. Write them in your visitors' words: this is what finds the entry.",
    answer: "Answer",
    answer_hint: "Markdown: **bold**, *italic*, lists, [links](https://example.com). HTML is not shown.",
    preview: "As the widget shows it",
    id: "Id",
    tags: "Tags",
    entry_lang: "Language of the entry",
    link: "Link to a page with more",
    problem: "Problem",
    warning: "Warning",
    fix: "Fix",
    no_findings: "Nothing to fix in this entry.",
    whole_faq: "The whole FAQ",
    building: "Checking and building…",
    built: "Built",
    not_built: "Not built: fix the problems first",
    saved_locally: "Kept in this browser",
    tab_ask: "Try a question",
    tab_weak: "Weak spots",
    tab_visitors: "Visitors' questions",
    tab_preview: "Preview",
    ask_label: "A visitor's question",
    ask: "Ask",
    decides_answer: "The widget answers with",
    decides_clarify: "The widget offers a choice between",
    decides_no_match: "No entry fits: the widget hands off to a person.",
    decides_person: "The visitor asks for a person: the widget hands off.",
    thresholds: "Thresholds fitted on this FAQ",
    confidence: "confidence",
    matched_words: "words",
    matched_parts: "word parts",
    matched_answer: "only in the answer",
    matched_grams: "letter groups",
    nothing_matched: "no word in common",
    quiz_intro: "Each phrasing is asked as a new visitor question would be: left out of the FAQ's index and of the model learned from it.",
    quiz_score: "answered with their own entry",
    quiz_sample: "The FAQ is large, so a sample was asked: phrasings of these many entries",
    taken: "takes questions of",
    taken_fix: "Add phrasings to the entry in the words visitors use, or reword the two so they differ, or merge them.",
    offered_beside: "offered beside it",
    unfound: "No other phrasing of it finds it",
    unfound_fix: "Its phrasings share few words: add phrasings that say it the way visitors would.",
    untested: "entries have a single phrasing, so nothing can be held out",
    untested_fix: "Add two or three other ways visitors ask each.",
    all_good: "Every entry is found by its own phrasings.",
    visitors_label: "Real visitors' questions, one per line",
    visitors_hint: "For example from the plauder:handoff events your site collects. They stay in this browser.",
    group: "Group them",
    answered_by: "Answered by",
    clarified: "A choice between",
    asked_person: "Asked for a person",
    unanswered: "Not answered",
    unanswered_fix: "Add entries for these, or phrasings to the entries that should answer them.",
    preview_intro: "The real widget on a sample page, with the FAQ as edited here.",
    preview_button: "Show the preview",
    preview_title: "Widget preview",
    replace_unsaved: "Your changes have not been downloaded. Open other files instead?",
    opened: "Opened",
    read_failed: "Could not read",
    questions: "questions",
    entries_count: "entries",
    phrasings_count: "phrasings",
    and_more: "… and more:",
    bundle_read_only: "A built bundle, read-only: try questions against it as published. It keeps the answers, not the sources: open those to edit.",
    bundle_close: "Back to your entries",
};

pub const DE: Text = Text {
    title: "Plauder Studio",
    open: "Dateien öffnen…",
    template: "Mit einer Vorlage beginnen",
    drop_here: "Markdown-, CSV- oder JSON-Dateien einfach hierher ziehen, oder eine faq.plauder zum Ansehen. Nichts verlässt Ihren Browser.",
    language: "Sprache",
    download: "Herunterladen",
    download_bundle: "faq.plauder",
    download_markdown: "Markdown",
    download_csv: "CSV",
    entries: "Einträge",
    filter: "Einträge filtern",
    add: "Eintrag hinzufügen",
    remove: "Diesen Eintrag entfernen",
    no_question: "(noch keine Frage)",
    empty: "Öffnen Sie die Dateien Ihrer FAQ (Markdown, CSV oder JSON) oder beginnen Sie mit einer Vorlage.",
    question: "Frage",
    phrasings: "Andere Formulierungen der Besucher",
    phrasings_hint: "Eine pro Zeile, in den Worten Ihrer Besucher: daran wird der Eintrag gefunden.",
    answer: "Antwort",
    answer_hint: "Markdown: **fett**, *kursiv*, Listen, [Links](https://example.com). HTML wird nicht angezeigt.",
    preview: "So zeigt es das Widget",
    id: "Kennung",
    tags: "Schlagwörter",
    entry_lang: "Sprache des Eintrags",
    link: "Link zu einer Seite mit mehr",
    problem: "Problem",
    warning: "Hinweis",
    fix: "Lösung",
    no_findings: "An diesem Eintrag ist nichts zu beheben.",
    whole_faq: "Die ganze FAQ",
    building: "Wird geprüft und gebaut…",
    built: "Gebaut",
    not_built: "Nicht gebaut: erst die Probleme beheben",
    saved_locally: "In diesem Browser gespeichert",
    tab_ask: "Frage ausprobieren",
    tab_weak: "Schwachstellen",
    tab_visitors: "Besucherfragen",
    tab_preview: "Vorschau",
    ask_label: "Frage eines Besuchers",
    ask: "Fragen",
    decides_answer: "Das Widget antwortet mit",
    decides_clarify: "Das Widget bietet zur Auswahl an:",
    decides_no_match: "Kein Eintrag passt: das Widget übergibt an einen Menschen.",
    decides_person: "Der Besucher will einen Menschen: das Widget übergibt.",
    thresholds: "Auf diese FAQ angepasste Schwellen",
    confidence: "Sicherheit",
    matched_words: "Wörter",
    matched_parts: "Wortteile",
    matched_answer: "nur in der Antwort",
    matched_grams: "Buchstabengruppen",
    nothing_matched: "kein gemeinsames Wort",
    quiz_intro: "Jede Formulierung wird wie eine neue Besucherfrage gestellt: ohne sie im Index der FAQ und im daraus gelernten Modell.",
    quiz_score: "mit dem eigenen Eintrag beantwortet",
    quiz_sample: "Die FAQ ist groß, daher wurde eine Stichprobe gestellt: Formulierungen so vieler Einträge",
    taken: "nimmt Fragen von",
    taken_fix: "Fügen Sie Formulierungen in den Worten der Besucher hinzu, formulieren Sie die beiden unterschiedlicher oder legen Sie sie zusammen.",
    offered_beside: "daneben angeboten",
    unfound: "Keine andere Formulierung findet ihn",
    unfound_fix: "Seine Formulierungen teilen kaum Wörter: ergänzen Sie Formulierungen, wie Besucher fragen würden.",
    untested: "Einträge haben nur eine Formulierung, es lässt sich nichts zurückhalten",
    untested_fix: "Ergänzen Sie je zwei oder drei andere Formulierungen.",
    all_good: "Jeder Eintrag wird von seinen eigenen Formulierungen gefunden.",
    visitors_label: "Echte Besucherfragen, eine pro Zeile",
    visitors_hint: "Zum Beispiel aus den plauder:handoff-Ereignissen Ihrer Website. Sie bleiben in diesem Browser.",
    group: "Gruppieren",
    answered_by: "Beantwortet von",
    clarified: "Auswahl zwischen",
    asked_person: "Wollten einen Menschen",
    unanswered: "Nicht beantwortet",
    unanswered_fix: "Legen Sie dafür Einträge an oder ergänzen Sie Formulierungen bei den passenden Einträgen.",
    preview_intro: "Das echte Widget auf einer Beispielseite, mit der FAQ wie hier bearbeitet.",
    preview_button: "Vorschau zeigen",
    preview_title: "Widget-Vorschau",
    replace_unsaved: "Ihre Änderungen sind nicht heruntergeladen. Trotzdem andere Dateien öffnen?",
    opened: "Geöffnet",
    read_failed: "Nicht lesbar",
    questions: "Fragen",
    entries_count: "Einträge",
    phrasings_count: "Formulierungen",
    and_more: "… und weitere:",
    bundle_read_only: "Ein gebautes Bundle, nur zum Ansehen: probieren Sie Fragen so aus, wie es veröffentlicht ist. Es enthält die Antworten, nicht die Quellen: öffnen Sie diese zum Bearbeiten.",
    bundle_close: "Zurück zu Ihren Einträgen",
};

/// The template a team starts from, in the studio's language.
pub fn template(lang: UiLang) -> (&'static str, &'static str) {
    match lang {
        UiLang::En => ("template.md", TEMPLATE_EN),
        UiLang::De => ("vorlage.md", TEMPLATE_DE),
    }
}

const TEMPLATE_EN: &str = "@lang en

## What are your opening hours?
? When are you open?
? Are you open on Sundays?

We are open Monday to Friday, 9:00 to 18:00.

## How long does delivery take?
? When will my order arrive?
? How many days is shipping?

Orders ship within a day and arrive in **2 to 3 working days**.

## How can I return an item?
? Can I send something back?
? What is your return policy?

You can return any item within 30 days. See [our returns page](/returns).
";

const TEMPLATE_DE: &str = "@lang de

## Wann haben Sie geöffnet?
? Wie sind Ihre Öffnungszeiten?
? Haben Sie sonntags offen?

Wir haben montags bis freitags von 9 bis 18 Uhr geöffnet.

## Wie lange dauert die Lieferung?
? Wann kommt meine Bestellung an?
? Wie viele Tage dauert der Versand?

Bestellungen gehen innerhalb eines Tages raus und sind in **2 bis 3 Werktagen** da.

## Wie kann ich etwas zurückgeben?
? Kann ich etwas zurückschicken?
? Wie läuft eine Rücksendung?

Sie können jeden Artikel innerhalb von 30 Tagen zurückgeben. Siehe [Rücksendungen](/returns).
";
