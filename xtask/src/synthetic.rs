//! A synthetic knowledge base for latency measurements: realistic sizes and
//! word statistics, deterministic, no data needed.

/// A deterministic pseudo-random sequence (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.next() % items.len()]
    }
}

const STARTS: [&str; 10] = [
    "how do i",
    "can i",
    "what is the",
    "where can i find my",
    "why is my",
    "when will my",
    "is it possible to",
    "i want to",
    "do you",
    "help with",
];
const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mer", "tin", "sa", "ver", "do", "pra", "li", "nu", "ge", "bro", "tas", "fel",
    "mi", "con", "zu", "ra", "pen", "sho", "ti", "val", "qu", "der",
];

/// `entries` entries of `phrasings` phrasings as CSV (id,question,answer),
/// and `questions` questions (one per line) paraphrasing random entries.
pub fn knowledge_base(entries: usize, phrasings: usize, questions: usize) -> (String, String) {
    let mut rng = Rng(42);
    let vocabulary: Vec<String> = (0..4000)
        .map(|_| {
            (0..2 + rng.next() % 3)
                .map(|_| SYLLABLES[rng.next() % SYLLABLES.len()])
                .collect()
        })
        .collect();
    let topics: Vec<Vec<String>> = (0..entries)
        .map(|_| (0..4).map(|_| rng.pick(&vocabulary).to_string()).collect())
        .collect();
    let mut kb = String::from("id,question,answer\n");
    for (id, topic) in topics.iter().enumerate() {
        for n in 0..phrasings {
            let answer = if n == 0 {
                format!("Answer {id}.")
            } else {
                String::new()
            };
            kb.push_str(&format!(
                "e{id},{},{answer}\n",
                sentence(&mut rng, topic, &vocabulary)
            ));
        }
    }
    let mut asked = String::new();
    for _ in 0..questions {
        let topic = &topics[rng.next() % topics.len()];
        asked.push_str(&sentence(&mut rng, topic, &vocabulary));
        asked.push('\n');
    }
    (kb, asked)
}

/// A question start, two or three topic words and two to four other words.
fn sentence(rng: &mut Rng, topic: &[String], vocabulary: &[String]) -> String {
    let mut words = vec![STARTS[rng.next() % STARTS.len()].to_string()];
    for _ in 0..2 + rng.next() % 2 {
        words.push(rng.pick(topic).to_string());
    }
    for _ in 0..2 + rng.next() % 3 {
        words.push(rng.pick(vocabulary).to_string());
    }
    words.join(" ")
}
