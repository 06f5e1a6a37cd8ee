//! Recognising a visitor who asks for a person instead of an answer.
//!
//! Phrases ask anywhere in a question ("can I talk to a real person about
//! my order?"); single words ask only in short questions ("agent please",
//! "Mitarbeiter?"), so "how many employees do you have" stays a question.
//! Everything is compared folded (see [`crate::analysis::fold`]), so
//! `Rückruf`, `Rueckruf` and `rückruf` meet. English is always checked:
//! visitors write English on sites in any language.

use crate::analysis::fold;
use crate::lang::Lang;

/// Questions of at most this many words count as short.
const SHORT: usize = 4;

/// How visitors writing one language ask for a person.
struct Request {
    /// Word sequences that ask anywhere in a question.
    phrases: &'static [&'static str],
    /// Words that ask in a short question.
    words: &'static [&'static str],
}

const ENGLISH: Request = Request {
    phrases: &[
        "real person",
        "live person",
        "real human",
        "a human",
        "live agent",
        "human agent",
        "talk to someone",
        "speak to someone",
        "speak with someone",
        "talk with someone",
        "talk to somebody",
        "speak to somebody",
        "talk to a person",
        "speak to a person",
        "speak with a person",
        "talk to an agent",
        "speak to an agent",
        "speak with an agent",
        "talk to a representative",
        "speak to a representative",
        "customer service agent",
        "support agent",
        "call me back",
        "contact a person",
        "chat with a person",
        "chat with someone",
    ],
    words: &[
        "human",
        "agent",
        "person",
        "representative",
        "operator",
        "someone",
        "staff",
    ],
};

fn request(lang: Lang) -> Request {
    match lang {
        Lang::German => Request {
            phrases: &[
                "mit einem Menschen",
                "mit einem Mitarbeiter",
                "mit einer Mitarbeiterin",
                "mit jemandem sprechen",
                "mit jemandem reden",
                "jemanden sprechen",
                "mit einer Person",
                "echten Menschen",
                "echte Person",
                "persönlich sprechen",
                "Rückruf",
                "einen Berater",
                "eine Beraterin",
                "Kundendienst sprechen",
            ],
            words: &[
                "Mensch",
                "Menschen",
                "Mitarbeiter",
                "Mitarbeiterin",
                "Berater",
                "Beraterin",
                "Kundendienst",
                "Kundenservice",
                "Ansprechpartner",
                "Support",
            ],
        },
        Lang::French => Request {
            phrases: &[
                "un humain",
                "un conseiller",
                "une conseillère",
                "une vraie personne",
                "parler à quelqu'un",
            ],
            words: &["humain", "conseiller", "conseillère", "agent"],
        },
        Lang::Spanish => Request {
            phrases: &[
                "un humano",
                "una persona real",
                "un agente",
                "un asesor",
                "hablar con alguien",
            ],
            words: &["humano", "agente", "asesor", "operador"],
        },
        Lang::Italian => Request {
            phrases: &[
                "un operatore",
                "una persona reale",
                "un umano",
                "parlare con qualcuno",
            ],
            words: &["operatore", "operatrice", "umano"],
        },
        Lang::Portuguese => Request {
            phrases: &[
                "um atendente",
                "um humano",
                "pessoa real",
                "falar com alguém",
            ],
            words: &["atendente", "humano"],
        },
        Lang::Dutch => Request {
            phrases: &[
                "een medewerker",
                "een mens",
                "echte persoon",
                "met iemand praten",
            ],
            words: &["medewerker", "mens"],
        },
        Lang::Danish => Request {
            phrases: &[
                "et menneske",
                "en medarbejder",
                "en rigtig person",
                "tale med nogen",
            ],
            words: &["menneske", "medarbejder"],
        },
        Lang::Swedish => Request {
            phrases: &[
                "en människa",
                "en handläggare",
                "en riktig person",
                "prata med någon",
            ],
            words: &["människa", "handläggare", "medarbetare"],
        },
        Lang::Norwegian => Request {
            phrases: &[
                "et menneske",
                "en saksbehandler",
                "en ekte person",
                "snakke med noen",
            ],
            words: &["menneske", "saksbehandler", "medarbeider"],
        },
        Lang::Finnish => Request {
            phrases: &[
                "oikea ihminen",
                "asiakaspalvelijan kanssa",
                "puhua ihmisen kanssa",
            ],
            words: &["ihminen", "ihmisen", "asiakaspalvelija"],
        },
        Lang::Russian => Request {
            phrases: &[
                "живой человек",
                "живым человеком",
                "с оператором",
                "с сотрудником",
                "с менеджером",
            ],
            words: &["оператор", "человек", "сотрудник", "менеджер"],
        },
        Lang::Greek => Request {
            phrases: &["με άνθρωπο", "με υπάλληλο", "με εκπρόσωπο"],
            words: &["άνθρωπο", "υπάλληλο", "εκπρόσωπο"],
        },
        Lang::Turkish => Request {
            phrases: &[
                "canlı destek",
                "gerçek bir insan",
                "müşteri temsilcisi",
                "biriyle konuşmak",
            ],
            words: &["temsilci", "insan", "yetkili"],
        },
        Lang::Romanian => Request {
            phrases: &[
                "un om real",
                "o persoană reală",
                "cu un operator",
                "cu un agent",
            ],
            words: &["operator", "agent", "om"],
        },
        Lang::Hungarian => Request {
            phrases: &[
                "élő ember",
                "ügyintézővel",
                "egy emberrel",
                "ügyfélszolgálattal beszélni",
            ],
            words: &["ügyintéző", "ember", "operátor"],
        },
        Lang::Arabic => Request {
            phrases: &["خدمة العملاء", "شخص حقيقي", "التحدث مع موظف"],
            words: &["موظف", "انسان", "إنسان"],
        },
        Lang::Tamil => Request {
            phrases: &["மனிதருடன் பேச", "ஊழியருடன் பேச"],
            words: &["மனிதர்", "ஊழியர்"],
        },
        Lang::English => Request {
            phrases: &[],
            words: &[],
        },
    }
}

/// Whether `question` asks for a person, in English or one of `langs`.
pub fn asks_for_human(question: &str, langs: &[Lang]) -> bool {
    let folded = fold(question);
    let padded = format!(" {folded} ");
    let short = folded.split(' ').count() <= SHORT;
    std::iter::once(ENGLISH)
        .chain(langs.iter().map(|&l| request(l)))
        .any(|request| {
            request
                .phrases
                .iter()
                .any(|phrase| padded.contains(&format!(" {} ", fold(phrase))))
                || (short
                    && request
                        .words
                        .iter()
                        .any(|word| folded.split(' ').any(|w| w == fold(word))))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_ask_anywhere_words_only_in_short_questions() {
        assert!(asks_for_human(
            "Can I please talk to a real person about my order?",
            &[]
        ));
        assert!(asks_for_human("agent please", &[]));
        assert!(!asks_for_human(
            "can I pick up my order in person at the store",
            &[]
        ));
        assert!(asks_for_human("Bitte um Rueckruf", &[Lang::German]));
        assert!(asks_for_human("Mitarbeiter?", &[Lang::German]));
        assert!(!asks_for_human(
            "Wie viele Mitarbeiter habt ihr eigentlich in Berlin?",
            &[Lang::German]
        ));
        assert!(asks_for_human(
            "Je veux parler à quelqu'un",
            &[Lang::French]
        ));
        assert!(asks_for_human(
            "Хочу поговорить с оператором",
            &[Lang::Russian]
        ));
    }

    #[test]
    fn every_language_has_a_way_to_ask() {
        for code in Lang::supported_codes().split(", ") {
            let lang = Lang::parse(code).unwrap();
            let request = if lang == Lang::English {
                ENGLISH
            } else {
                request(lang)
            };
            let sample = request.words.first().or(request.phrases.first()).unwrap();
            assert!(asks_for_human(sample, &[lang]), "{code}: {sample}");
        }
    }
}
