//! Pictures and symbols that can go beside a question, for children and young people who
//! rely on them. They are served by Chorus itself, so a respondent's browser never calls
//! anyone else. Four were drawn for Chorus; the rest are OpenMoji's (CC BY-SA 4.0), credited
//! on the accessibility statement (see `style/symbols/LICENSE.md`).

/// One symbol: its file, its name in the editor, and the alt text it starts with.
pub struct Symbol {
    pub file: &'static str,
    pub name: &'static str,
    pub alt: &'static str,
    pub svg: &'static str,
}

impl Symbol {
    /// Where a page loads it from.
    pub fn src(&self) -> String {
        format!("/assets/symbols/{}", self.file)
    }
}

macro_rules! symbol {
    ($file:literal, $name:literal, $alt:literal) => {
        Symbol { file: $file, name: $name, alt: $alt, svg: include_str!(concat!("../../../style/symbols/", $file)) }
    };
}

/// Every symbol, in the order the editor offers them: school and help first, then feelings,
/// people, communication, school life, and getting about.
pub const SYMBOLS: &[Symbol] = &[
    symbol!("school.svg", "School", "A school building"),
    symbol!("teacher.svg", "Teacher", "A teacher"),
    symbol!("help.svg", "Help at school", "A teacher helping a pupil at a desk"),
    symbol!("working-together.svg", "Working together", "Two hands shaking"),
    symbol!("happy.svg", "Happy", "A smiling face"),
    symbol!("sad.svg", "Sad", "A crying face"),
    symbol!("worried.svg", "Worried", "A worried face"),
    symbol!("angry.svg", "Angry", "An angry face"),
    symbol!("tired.svg", "Tired", "A sleeping face"),
    symbol!("friends.svg", "Friends", "Two friends holding hands"),
    symbol!("family.svg", "Family", "A family: two adults and a child"),
    symbol!("home.svg", "Home", "A house"),
    symbol!("talk.svg", "Talking", "Two speech bubbles"),
    symbol!("speaking.svg", "Speaking up", "A head speaking"),
    symbol!("listening.svg", "Listening", "An ear"),
    symbol!("choosing.svg", "Choosing", "A box with a tick in it"),
    symbol!("question.svg", "Asking a question", "A question mark"),
    symbol!("quiet.svg", "Quiet place", "A face with a finger on its lips, saying shh"),
    symbol!("change.svg", "Change", "Two arrows going round in a circle"),
    symbol!("waiting.svg", "Waiting", "An alarm clock"),
    symbol!("books.svg", "Learning", "A pile of books"),
    symbol!("writing.svg", "Writing", "A hand writing with a pen"),
    symbol!("computer.svg", "Computer or tablet", "A laptop computer"),
    symbol!("art.svg", "Art and making things", "A painter's palette"),
    symbol!("playing.svg", "Playing and break time", "A football"),
    symbol!("lunch.svg", "Lunch", "An apple"),
    symbol!("health-worker.svg", "Health worker", "A health worker"),
    symbol!("bus.svg", "Travel by bus", "A bus"),
    symbol!("car.svg", "Travel by car", "A car"),
    symbol!("thumbs-up.svg", "Good", "A thumbs up"),
    symbol!("thumbs-down.svg", "Not good", "A thumbs down"),
];

/// The symbol a page loads from `src` (e.g. `/assets/symbols/happy.svg`), if it is one.
pub fn by_src(src: &str) -> Option<&'static Symbol> {
    let file = src.strip_prefix("/assets/symbols/")?;
    by_file(file)
}

/// The symbol in `file`, if it is one.
pub fn by_file(file: &str) -> Option<&'static Symbol> {
    SYMBOLS.iter().find(|s| s.file == file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_symbol_is_a_picture_with_a_name_and_alt_text_of_its_own() {
        let mut files = std::collections::HashSet::new();
        for s in SYMBOLS {
            assert!(s.svg.contains("<svg"), "{} is an SVG", s.file);
            assert!(!s.name.is_empty() && !s.alt.is_empty(), "{}", s.file);
            assert!(files.insert(s.file), "{} is listed once", s.file);
        }
        // What a SEND survey asks about: school, help, feelings, friends, home, talking,
        // listening, choosing, a quiet place, change and travel.
        for needed in [
            "school.svg",
            "teacher.svg",
            "help.svg",
            "happy.svg",
            "worried.svg",
            "friends.svg",
            "home.svg",
            "talk.svg",
            "listening.svg",
            "choosing.svg",
            "quiet.svg",
            "change.svg",
            "bus.svg",
        ] {
            assert!(by_file(needed).is_some(), "{needed}");
        }
        assert_eq!(by_src("/assets/symbols/happy.svg").map(|s| s.name), Some("Happy"));
        assert!(by_src("/assets/symbols/../secret").is_none());
    }
}
