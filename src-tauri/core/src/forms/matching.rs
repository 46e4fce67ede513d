//! Answers matched to a question's choices: exactly (accents, case and punctuation aside, in any
//! of the form's languages), or, for a misspelt name, to the one choice within a few letters or
//! the one choice that contains the answer; the fuzzy matches are reported for confirmation.

use crate::directory::fold;

/// The keys each choice is known by, folded.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    keys: Vec<Key>,
}

/// One key, with what the close matching compares of it worked out once, when the matcher is
/// built, not once per answer.
#[derive(Debug, Clone)]
struct Key {
    text: String,
    index: usize,
    chars: Vec<char>,
    digits: String,
    /// The key between spaces, for whole words found in it.
    padded: String,
}

impl Key {
    fn new(text: String, index: usize) -> Key {
        Key {
            chars: text.chars().collect(),
            digits: digits(&text),
            padded: format!(" {text} "),
            text,
            index,
        }
    }
}

/// How an answer matched its choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Exact(usize),
    /// Misspelt or partial: the planner is shown what it was read as.
    Close(usize),
}

impl Match {
    pub fn index(self) -> usize {
        match self {
            Match::Exact(i) | Match::Close(i) => i,
        }
    }
}

impl Matcher {
    /// Adds a text choice `index` is known by (its label in a language, a name, a code).
    pub fn add(&mut self, index: usize, text: &str) {
        let key = fold(text);
        let sorted = sorted_words(&key);
        for key in [key, sorted] {
            if !key.is_empty() && !self.keys.iter().any(|k| k.text == key && k.index == index) {
                self.keys.push(Key::new(key, index));
            }
        }
    }

    /// The choice an answer names exactly (accents, case, punctuation and the words' order
    /// aside), if one does: no close matching.
    pub fn find_exact(&self, answer: &str) -> Option<usize> {
        self.exact(&fold(answer))
    }

    fn exact(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        if let Some(k) = self.keys.iter().find(|k| k.text == key) {
            return Some(k.index);
        }
        let sorted = sorted_words(key);
        self.keys.iter().find(|k| k.text == sorted).map(|k| k.index)
    }

    /// The choice an answer names, if one does.
    pub fn find(&self, answer: &str) -> Option<Match> {
        let key = fold(answer);
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self.exact(&key) {
            return Some(Match::Exact(i));
        }
        // Within a few letters: one edit per five letters, at least one; numbers alike
        // ("Delegate 2" is not "Delegate 1"). A key whose length differs by more than its
        // limit is not compared letter by letter.
        let numbers = digits(&key);
        let chars: Vec<char> = key.chars().collect();
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for k in self.keys.iter().filter(|k| k.digits == numbers) {
            let limit = (k.chars.len() / 5).max(1);
            if chars.len().abs_diff(k.chars.len()) > limit {
                continue;
            }
            let d = distance_chars(&chars, &k.chars, limit);
            if d > limit {
                continue;
            }
            match best {
                Some((bd, bi)) if d == bd && bi != k.index => tie = true,
                Some((bd, _)) if d >= bd => {}
                _ => {
                    best = Some((d, k.index));
                    tie = false;
                }
            }
        }
        if let (Some((_, i)), false) = (best, tie) {
            return Some(Match::Close(i));
        }
        // A part of one choice only ("hypertension pulmonaire", "Wei-Ting"): at least 4 letters.
        if chars.len() >= 4 {
            let part = format!(" {key} ");
            let mut found = self
                .keys
                .iter()
                .filter(|k| k.padded.len() >= part.len() && k.padded.contains(&part))
                .map(|k| k.index);
            if let Some(first) = found.next() {
                if found.all(|i| i == first) {
                    return Some(Match::Close(first));
                }
            }
        }
        None
    }

    /// Splits a cell holding several choices — `A;B;` (Microsoft Forms), `A, B` (Google
    /// Forms), one a line — into the choices it names; a choice that holds the separator (a
    /// comma in a name) is read whole. Returns the matches and the pieces that match nothing.
    pub fn find_all(&self, cell: &str) -> (Vec<(Match, String)>, Vec<String>) {
        let pieces: Vec<&str> = cell
            .split([';', ',', '\n', '|'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        let mut i = 0;
        'pieces: while i < pieces.len() {
            // The longest run of pieces that is exactly one choice, joined by a comma.
            for j in (i + 2..=pieces.len().min(i + 4)).rev() {
                let joined = pieces[i..j].join(", ");
                if let Some(index) = self.find_exact(&joined) {
                    found.push((Match::Exact(index), joined));
                    i = j;
                    continue 'pieces;
                }
            }
            match self.find(pieces[i]) {
                Some(m) => found.push((m, pieces[i].to_owned())),
                None => unknown.push(pieces[i].to_owned()),
            }
            i += 1;
        }
        (found, unknown)
    }
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn sorted_words(folded: &str) -> String {
    let mut words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    words.sort_unstable();
    words.join(" ")
}

/// Levenshtein distance between `a` and `b` (characters) when it is at most `limit`; past
/// it, `limit + 1`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    distance_chars(&a, &b, limit)
}

/// Only the cells within `limit` of the diagonal are worked out (a path through any other
/// costs more than `limit`), and the rows stop once none of their cells is within `limit`.
fn distance_chars(a: &[char], b: &[char], limit: usize) -> usize {
    let past = limit + 1;
    if a.len().abs_diff(b.len()) > limit {
        return past;
    }
    // Distances above `limit` are all `past`: the cells outside the band read as such.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(past)).collect();
    let mut row = vec![past; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let i = i + 1;
        let (lo, hi) = (i.saturating_sub(limit).max(1), (i + limit).min(b.len()));
        row[0] = i.min(past);
        row[lo - 1] = if lo == 1 { row[0] } else { past };
        let mut smallest = row[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(*ca != b[j - 1]);
            let d = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(row[j - 1] + 1)
                .min(past);
            row[j] = d;
            smallest = smallest.min(d);
        }
        if hi < b.len() {
            row[hi + 1] = past;
        }
        if smallest > limit {
            return past;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(names: &[&str]) -> Matcher {
        let mut m = Matcher::default();
        for (i, n) in names.iter().enumerate() {
            m.add(i, n);
        }
        m
    }

    #[test]
    fn exact_close_and_partial() {
        let m = matcher(&[
            "Delegate 1",
            "Delegate 10",
            "Chen Wei-Ting (NTUH)",
            "AI-ECG, myocardial",
        ]);
        assert_eq!(m.find("DELEGATE 10"), Some(Match::Exact(1)));
        assert_eq!(m.find("Delagate 10"), Some(Match::Close(1)));
        assert_eq!(m.find("wei-ting chen (ntuh)"), Some(Match::Exact(2)));
        assert_eq!(m.find("Wei-Ting"), Some(Match::Close(2)));
        assert_eq!(m.find("Somebody else"), None);
        // One letter from "Delegate 1", but another number.
        assert_eq!(m.find("Delegate 2"), None);
        let (found, unknown) = m.find_all("Delegate 1;AI-ECG, myocardial;Nobody;");
        assert_eq!(
            found.iter().map(|(m, _)| m.index()).collect::<Vec<_>>(),
            vec![0, 3]
        );
        assert_eq!(unknown, vec!["Nobody".to_owned()]);
        // Exact only: the words' order aside, no misspelling.
        assert_eq!(m.find_exact("Myocardial AI-ECG"), Some(3));
        assert_eq!(m.find_exact("Delagate 10"), None);
        assert_eq!(m.find_exact(" - "), None);
        // A name holding the separator, misspelt, is read piece by piece.
        let (found, unknown) = m.find_all("AI-ECG, myocardiall");
        assert!(found.iter().all(|(m, _)| *m != Match::Exact(3)));
        assert_eq!(found.len() + unknown.len(), 2);
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting", 5), 3);
        assert_eq!(distance("abc", "abc", 0), 0);
        assert!(distance("abcdef", "uvwxyz", 2) > 2);
        // As the whole table gives it, within the limit; past it, limit + 1.
        fn full(a: &[char], b: &[char]) -> usize {
            let mut prev: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.iter().enumerate() {
                let mut row = vec![i + 1; b.len() + 1];
                for (j, cb) in b.iter().enumerate() {
                    row[j + 1] = (prev[j] + usize::from(ca != cb))
                        .min(prev[j + 1] + 1)
                        .min(row[j] + 1);
                }
                prev = row;
            }
            prev[b.len()]
        }
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        for _ in 0..5000 {
            let mut word = || -> Vec<char> {
                let len = next(12);
                (0..len).map(|_| (b'a' + next(3) as u8) as char).collect()
            };
            let (a, b) = (word(), word());
            let limit = next(6) as usize;
            let d = full(&a, &b);
            let expected = if d <= limit { d } else { limit + 1 };
            assert_eq!(
                distance_chars(&a, &b, limit),
                expected,
                "{a:?} {b:?} {limit}"
            );
        }
    }
}
