//! Answers matched to a question's choices: exactly (accents, case and punctuation aside, in any
//! of the form's languages), or, for a misspelt name, to the one choice within a few letters or
//! the one choice that contains the answer; the fuzzy matches are reported for confirmation.

use crate::directory::fold;

/// The keys each choice is known by, folded.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    keys: Vec<(String, usize)>,
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
        if !key.is_empty() && !self.keys.iter().any(|(k, i)| *k == key && *i == index) {
            self.keys.push((key, index));
        }
        let sorted = sorted_words(&fold(text));
        if !sorted.is_empty() && !self.keys.iter().any(|(k, i)| *k == sorted && *i == index) {
            self.keys.push((sorted, index));
        }
    }

    /// The choice an answer names, if one does.
    pub fn find(&self, answer: &str) -> Option<Match> {
        let key = fold(answer);
        if key.is_empty() {
            return None;
        }
        if let Some((_, i)) = self.keys.iter().find(|(k, _)| *k == key) {
            return Some(Match::Exact(*i));
        }
        let sorted = sorted_words(&key);
        if let Some((_, i)) = self.keys.iter().find(|(k, _)| *k == sorted) {
            return Some(Match::Exact(*i));
        }
        // Within a few letters: one edit per five letters, at least one; numbers alike
        // ("Delegate 2" is not "Delegate 1").
        let numbers = digits(&key);
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (k, i) in self.keys.iter().filter(|(k, _)| digits(k) == numbers) {
            let limit = (k.chars().count() / 5).max(1);
            let d = distance(&key, k, limit);
            if d > limit {
                continue;
            }
            match best {
                Some((bd, bi)) if d == bd && bi != *i => tie = true,
                Some((bd, _)) if d >= bd => {}
                _ => {
                    best = Some((d, *i));
                    tie = false;
                }
            }
        }
        if let (Some((_, i)), false) = (best, tie) {
            return Some(Match::Close(i));
        }
        // A part of one choice only ("hypertension pulmonaire", "Wei-Ting"): at least 4 letters.
        if key.chars().count() >= 4 {
            let mut found = self
                .keys
                .iter()
                .filter(|(k, _)| contains_words(k, &key))
                .map(|(_, i)| *i);
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
                if let Some(m @ Match::Exact(_)) = self.find(&joined) {
                    found.push((m, joined));
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

/// Whether `part`'s words appear, in order and whole, in `text`.
fn contains_words(text: &str, part: &str) -> bool {
    let padded = format!(" {text} ");
    padded.contains(&format!(" {part} "))
}

/// Levenshtein distance between `a` and `b` (characters), stopping early past `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut row = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            row[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
        }
        if smallest > limit {
            return limit + 1;
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
    }

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting", 5), 3);
        assert_eq!(distance("abc", "abc", 0), 0);
        assert!(distance("abcdef", "uvwxyz", 2) > 2);
    }
}
