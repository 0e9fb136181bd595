//! Turns a survey's figures into what its results page shows, hiding every count
//! under the engagement's threshold from anyone who may not see exact figures.

use crate::results::queries::{CrossFigures, Figures, Filter};
use app::pages::results::{CrossTab, FilterGroup, QuestionResult, ResultRow, ResultsView};
use app::survey::{QuestionKind, SurveyDefinition};

/// Who is looking, which decides whether small counts are shown.
#[derive(Clone, Copy, Debug)]
pub struct Disclosure {
    pub threshold: i64,
    /// Administrators see exact counts.
    pub exact: bool,
}

impl Disclosure {
    /// What a member of staff in `role` sees: administrators exact counts, everyone else small
    /// counts hidden. Exports and printed reports use [`Disclosure::shared`] whoever asks.
    pub fn for_role(threshold: i64, role: crate::domain::Role) -> Disclosure {
        Disclosure { threshold, exact: role.can(crate::accounts::permissions::Permission::SeeSmallNumbers) }
    }

    /// Small counts hidden, for anything that leaves the page: exports and shared reports.
    pub fn shared(threshold: i64) -> Disclosure {
        Disclosure { threshold, exact: false }
    }

    /// Whether `n` may be shown as it is (nought is never disclosive).
    pub fn shows(self, n: i64) -> bool {
        self.exact || n == 0 || n >= self.threshold
    }

    /// A count in words: "1,204", or "fewer than 5".
    pub fn count(self, n: i64) -> String {
        if self.shows(n) {
            thousands(n)
        } else {
            format!("fewer than {}", self.threshold)
        }
    }

    /// Which `parts` of a whole whose total is shown may themselves be shown. Small parts are
    /// hidden; and where only one part would be, the smallest other part is hidden with it, or
    /// the total less the rest would give the small one away.
    pub fn parts(self, parts: &[i64]) -> Vec<bool> {
        self.grid(&[parts.to_vec()]).swap_remove(0)
    }

    /// A part of a whole in words, as [`Disclosure::parts`] decided: the count, "fewer than 5",
    /// or, for a larger part hidden alongside a small one, "not shown".
    pub fn part(self, n: i64, shown: bool) -> String {
        if shown {
            thousands(n)
        } else if n < self.threshold {
            format!("fewer than {}", self.threshold)
        } else {
            "not shown".into()
        }
    }

    /// Each of `parts` of a shown whole in words.
    pub fn parts_in_words(self, parts: &[i64]) -> Vec<String> {
        parts.iter().zip(self.parts(parts)).map(|(&n, shown)| self.part(n, shown)).collect()
    }

    /// Which cells of a grid may be shown, where every row and every column adds up to a total
    /// that is known (shown elsewhere). Small counts are hidden; then, until none is left,
    /// wherever a row or column would have just one hidden count, the smallest other count in it
    /// is hidden too, so that no hidden count can be worked out by subtraction.
    pub fn grid(self, values: &[Vec<i64>]) -> Vec<Vec<bool>> {
        let mut show: Vec<Vec<bool>> = values.iter().map(|r| r.iter().map(|&n| self.shows(n)).collect()).collect();
        let width = values.first().map_or(0, Vec::len);
        // Each group of cells whose sum is known: a row, a column.
        let mut groups: Vec<Vec<(usize, usize)>> = (0..values.len()).map(|r| (0..width).map(|c| (r, c)).collect()).collect();
        groups.extend((0..width).map(|c| (0..values.len()).map(|r| (r, c)).collect()));
        loop {
            let mut changed = false;
            for g in &groups {
                if g.iter().filter(|&&(r, c)| !show[r][c]).count() == 1 {
                    if let Some(&(r, c)) =
                        g.iter().filter(|&&(r, c)| show[r][c] && values[r][c] > 0).min_by_key(|&&(r, c)| (values[r][c], r, c))
                    {
                        show[r][c] = false;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        show
    }

    /// A share in words, when both counts may be shown.
    fn percent(self, n: i64, of: i64) -> Option<String> {
        (of > 0 && self.shows(n) && self.shows(of)).then(|| format!("{:.0}%", n as f64 * 100.0 / of as f64))
    }
}

/// 1204 as "1,204".
pub fn thousands(n: i64) -> String {
    let digits = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The filter from its form value `question::choice`, if it names a real answer.
pub fn parse_filter(value: &str, def: &SurveyDefinition) -> Option<(Filter, String)> {
    let (question, choice) = value.split_once("::")?;
    let q = def.question(question)?;
    let (_, label) = q.kind.options().into_iter().find(|(v, _)| v == choice)?;
    Some((Filter { question: question.into(), choice: choice.into() }, format!("\u{201c}{label}\u{201d} to \u{201c}{}\u{201d}", q.text)))
}

/// A closed question's answers as its results list them: its options, then "I don't
/// understand" and "I'd rather not say" where it offers them.
pub(crate) fn answer_options(q: &app::survey::Question) -> Vec<(String, String)> {
    let mut options = q.kind.options();
    if q.allow_dont_understand {
        options.push((app::survey::DONT_UNDERSTAND.into(), "I don't understand the question".into()));
    }
    if q.allow_prefer_not_to_say {
        options.push((app::survey::PREFER_NOT_TO_SAY.into(), "I'd rather not say".into()));
    }
    options
}

/// Each answer's count, and whether it may be shown: with one answer each, the rows add up to
/// those who answered, so no row may be worked out from the others.
pub(crate) fn answer_counts(
    who: Disclosure,
    q: &app::survey::Question,
    options: &[(String, String)],
    figures: &Figures,
) -> (Vec<i64>, Vec<bool>) {
    let chosen = figures.choices.get(&q.id);
    let counts: Vec<i64> = options.iter().map(|(value, _)| chosen.and_then(|c| c.get(value)).copied().unwrap_or(0)).collect();
    let visible = if matches!(q.kind, QuestionKind::MultipleChoice { .. }) {
        counts.iter().map(|&n| who.shows(n)).collect()
    } else {
        who.parts(&counts)
    };
    (counts, visible)
}

/// Whether the people a filter picks may be looked at on their own: only when the results for
/// everyone show their number, or their figures would give away what that page hides.
pub fn shown_alone(who: Disclosure, def: &SurveyDefinition, everyone: &Figures, filter: &Filter) -> bool {
    let Some(q) = def.question(&filter.question) else { return false };
    let options = answer_options(q);
    let (_, visible) = answer_counts(who, q, &options, everyone);
    options.iter().position(|(v, _)| *v == filter.choice).is_some_and(|i| visible[i])
}

pub(crate) fn closed(kind: &QuestionKind) -> bool {
    !kind.options().is_empty()
}

/// A breakdown asked for: the question's id and its figures.
pub struct Breakdown<'a> {
    pub by: &'a str,
    pub figures: &'a CrossFigures,
}

/// The question `by` names, if answers can be broken down by it.
pub fn breakdown_question<'a>(by: &str, def: &'a SurveyDefinition) -> Option<&'a app::survey::Question> {
    def.question(by).filter(|q| closed(&q.kind))
}

fn cross(
    def: &SurveyDefinition,
    q: &app::survey::Question,
    options: &[(String, String)],
    b: &Breakdown<'_>,
    who: Disclosure,
) -> Option<CrossTab> {
    let by = breakdown_question(b.by, def)?;
    if by.id == q.id {
        return None;
    }
    let columns = by.kind.options();
    let (counts, visible) = cross_counts(who, q, options, &columns, b.figures);
    let answered = &counts[options.len()];
    let answered_words: Vec<String> = answered.iter().zip(&visible[options.len()]).map(|(&n, &s)| who.part(n, s)).collect();
    let rows = options
        .iter()
        .enumerate()
        .map(|(r, (_, label))| {
            let cells = answered
                .iter()
                .enumerate()
                .map(|(k, total)| {
                    let n = counts[r][k];
                    let shown = visible[r][k];
                    match who.percent(n, *total).filter(|_| shown && visible[options.len()][k]) {
                        Some(p) => format!("{} ({p})", who.part(n, shown)),
                        None => who.part(n, shown),
                    }
                })
                .collect();
            (label.clone(), cells)
        })
        .collect();
    Some(CrossTab {
        by: by.text.clone(),
        columns: columns.into_iter().map(|(_, l)| l).collect(),
        rows,
        // The columns' counts add up to those who answered, shown above the table.
        answered: answered_words,
    })
}

/// A question's cross table: a row of counts per answer in `options`, then a row of how many
/// answered, a column per answer to the question it is broken down by; and which may be shown.
/// With one answer each, a column's cells add up to its "answered", each row to the answer's
/// count in the main table, and "answered" to those who answered: the grid is hidden so that
/// none can be worked out from the rest.
pub(crate) fn cross_counts(
    who: Disclosure,
    q: &app::survey::Question,
    options: &[(String, String)],
    columns: &[(String, String)],
    figures: &CrossFigures,
) -> (Vec<Vec<i64>>, Vec<Vec<bool>>) {
    let answered: Vec<i64> = columns.iter().map(|(c, _)| figures.answered.get(&(q.id.clone(), c.clone())).copied().unwrap_or(0)).collect();
    let cell = |value: &str, c: &str| figures.cells.get(&(q.id.clone(), value.to_owned(), c.to_owned())).copied().unwrap_or(0);
    let mut counts: Vec<Vec<i64>> = options.iter().map(|(v, _)| columns.iter().map(|(c, _)| cell(v, c)).collect()).collect();
    counts.push(answered);
    let visible = if matches!(q.kind, QuestionKind::MultipleChoice { .. }) {
        let mut v: Vec<Vec<bool>> = counts[..options.len()].iter().map(|r| r.iter().map(|&n| who.shows(n)).collect()).collect();
        v.push(who.parts(&counts[options.len()]));
        v
    } else {
        who.grid(&counts)
    };
    (counts, visible)
}

/// A filter applied, with everyone's figures broken down by the filter's question.
pub struct Within<'a> {
    pub filter: &'a Filter,
    pub everyone: &'a CrossFigures,
}

/// Which of a question's counts a filtered page may show: those its column shows in everyone's
/// cross table by the filter's question, so that the pages of each group, side by side with
/// everyone's, give away no more than that table. One per option, then its "answered".
pub(crate) fn within_column(
    def: &SurveyDefinition,
    q: &app::survey::Question,
    options: &[(String, String)],
    within: &Within<'_>,
    who: Disclosure,
) -> Option<(Vec<bool>, bool)> {
    let by = def.question(&within.filter.question)?;
    if by.id == q.id {
        return None;
    }
    let columns = by.kind.options();
    let k = columns.iter().position(|(c, _)| *c == within.filter.choice)?;
    let (_, visible) = cross_counts(who, q, options, &columns, within.everyone);
    Some((visible[..options.len()].iter().map(|row| row[k]).collect(), visible[options.len()][k]))
}

/// Everything the results page shows.
#[allow(clippy::too_many_arguments)]
pub fn view(
    survey_id: i64,
    def: &SurveyDefinition,
    figures: &Figures,
    who: Disclosure,
    filter: (String, Option<String>),
    within: Option<Within<'_>>,
    breakdown: Option<Breakdown<'_>>,
    engagement: (String, String),
) -> ResultsView {
    let questions: Vec<_> = def.pages.iter().flat_map(|p| p.questions.iter()).collect();
    let results = questions
        .iter()
        .filter(|q| closed(&q.kind))
        .map(|q| {
            let answered = figures.answered.get(&q.id).copied().unwrap_or(0);
            let chosen = figures.choices.get(&q.id);
            let options = answer_options(q);
            let crosstab = breakdown.as_ref().and_then(|b| cross(def, q, &options, b, who));
            let many = matches!(q.kind, QuestionKind::MultipleChoice { .. });
            let column = within.as_ref().and_then(|w| within_column(def, q, &options, w, who));
            let (counts, mut visible) = answer_counts(who, q, &options, figures);
            if let Some((column, _)) = &column {
                visible = visible.iter().zip(column).map(|(a, b)| *a && *b).collect();
            }
            let answered_shown = column.as_ref().is_none_or(|(_, shown)| *shown);
            // The scale's points come first among the options.
            let points = match &q.kind {
                QuestionKind::Rating { labels, .. } => labels.len(),
                _ => 0,
            };
            let scale_shown = visible.iter().take(points).all(|v| *v);
            let rows = options
                .into_iter()
                .zip(counts.iter().zip(visible))
                .map(|((_, label), (&n, visible))| {
                    let shown = visible && answered_shown && who.shows(answered) && answered > 0;
                    ResultRow {
                        label,
                        count: who.part(n, visible),
                        percent: if visible && answered_shown { who.percent(n, answered) } else { None },
                        share: if shown { n as f64 / answered as f64 } else { 0.0 },
                    }
                })
                .collect();
            let summary = match &q.kind {
                QuestionKind::Rating { labels, .. } => {
                    let counts: Vec<i64> =
                        (1..=labels.len()).map(|v| chosen.and_then(|c| c.get(&v.to_string())).copied().unwrap_or(0)).collect();
                    let total: i64 = counts.iter().sum();
                    let weighted: i64 = counts.iter().enumerate().map(|(i, n)| (i as i64 + 1) * n).sum();
                    // How many answered on the scale is left out when it would give away a small
                    // number who answered off it ("I don't understand", "I'd rather not say").
                    let from = if who.shows(answered - total) {
                        format!("from {} answers on the scale", thousands(total))
                    } else {
                        "from the answers on the scale".into()
                    };
                    // With the total, a mean is one more equation: with two hidden counts on the
                    // scale it would solve them, so it is shown only when none is hidden.
                    if !scale_shown && total > 0 {
                        Some("The mean is not shown, as it would give away counts too small to show.".to_string())
                    } else {
                        (total > 0 && who.shows(total)).then(|| {
                            format!(
                                "Mean {:.1} on a scale from 1 ({}) to {} ({}), {from}.",
                                weighted as f64 / total as f64,
                                labels[0],
                                labels.len(),
                                labels[labels.len() - 1]
                            )
                        })
                    }
                }
                _ => None,
            };
            QuestionResult {
                id: q.id.clone(),
                text: q.text.clone(),
                answered: who.part(answered, answered_shown && who.shows(answered)),
                rows,
                summary,
                many,
                crosstab,
            }
        })
        .collect();
    let text_questions = questions
        .iter()
        .filter(|q| !closed(&q.kind))
        .map(|q| {
            let answered = figures.answered.get(&q.id).copied().unwrap_or(0);
            let words = match (&q.kind, figures.numbers.get(&q.id)) {
                // The lowest and highest are each one person's answer: administrators only.
                (QuestionKind::Number { .. }, Some((n, sum, lo, hi))) if who.shows(*n) && *n > 0 => {
                    let range = if who.exact { format!(", from {lo} to {hi}") } else { String::new() };
                    format!("{}: mean {:.1}{range}", who.count(answered), *sum as f64 / *n as f64)
                }
                _ => who.count(answered),
            };
            (q.text.clone(), words)
        })
        .collect();
    let filters = questions
        .iter()
        .filter(|q| closed(&q.kind))
        .map(|q| FilterGroup {
            question: q.text.clone(),
            options: q.kind.options().into_iter().map(|(v, l)| (format!("{}::{v}", q.id), l)).collect(),
        })
        .collect();
    let channel = |c: &str| match c {
        "school_code" => "A school's access code".to_string(),
        "link" => "The open link or QR code".to_string(),
        "import" => "Imported (paper forms or another tool)".to_string(),
        other => other.to_string(),
    };
    let completion = (figures.started > 0 && who.shows(figures.started) && who.shows(figures.submitted) && filter.1.is_none())
        .then(|| format!("{:.0}%", figures.submitted as f64 * 100.0 / figures.started as f64));
    ResultsView {
        survey_id,
        title: def.title.clone(),
        engagement_slug: engagement.0,
        engagement_title: engagement.1,
        exact: who.exact,
        shared: false,
        can_export: false,
        notice: None,
        threshold: who.threshold,
        started: who.count(figures.started),
        submitted: who.count(figures.submitted),
        completion,
        // Each of these adds up to a count the page shows (sent, or sent with a code).
        channels: figures
            .by_channel
            .iter()
            .map(|(c, _)| channel(c))
            .zip(who.parts_in_words(&figures.by_channel.iter().map(|(_, n)| *n).collect::<Vec<_>>()))
            .collect(),
        schools: figures
            .by_school
            .iter()
            .map(|(s, _)| s.clone())
            .zip(who.parts_in_words(&figures.by_school.iter().map(|(_, n)| *n).collect::<Vec<_>>()))
            .collect(),
        days: figures
            .by_day
            .iter()
            .map(|(d, _)| crate::db::date_in_words(d * 86_400))
            .zip(who.parts_in_words(&figures.by_day.iter().map(|(_, n)| *n).collect::<Vec<_>>()))
            .collect(),
        filters,
        filter: filter.0,
        breakdowns: questions
            .iter()
            .filter(|q| {
                matches!(q.kind, QuestionKind::SingleChoice { .. } | QuestionKind::MultipleChoice { .. } | QuestionKind::YesNoNotSure)
            })
            .map(|q| (q.id.clone(), q.text.clone()))
            .collect(),
        by: breakdown.as_ref().map(|b| b.by.to_owned()).unwrap_or_default(),
        filter_label: filter.1,
        produced_on: crate::db::date_in_words(crate::db::now()),
        questions: results,
        text_questions,
        written: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_small_part_of_a_shown_whole_takes_the_next_smallest_with_it() {
        let who = Disclosure::shared(5);
        // 3 + 10 + 20 = 33 shown: hiding the 3 alone would leave it as 33 - 30.
        assert_eq!(who.parts_in_words(&[3, 10, 20]), ["fewer than 5", "not shown", "20"]);
        // Two small parts already hide each other; noughts are never disclosive.
        assert_eq!(who.parts_in_words(&[3, 2, 20, 0]), ["fewer than 5", "fewer than 5", "20", "0"]);
        assert_eq!(who.parts_in_words(&[3, 0, 0]), ["fewer than 5", "0", "0"]);
        assert_eq!(who.parts_in_words(&[6, 10, 0]), ["6", "10", "0"]);
        // A grid whose rows and columns add up to totals shown elsewhere.
        let g = who.grid(&[vec![3, 20], vec![10, 10]]);
        assert_eq!(g[0], [false, false], "the row's 20 goes with the 3");
        assert_eq!(g[1], [false, false], "then the first column's 10, and with it the second row's other 10");
        assert_eq!(who.grid(&[vec![6, 7], vec![8, 9]]), [[true, true], [true, true]]);
        assert_eq!(who.grid(&[vec![3, 6, 7], vec![9, 8, 9]]), [[false, false, true], [false, false, true]]);
        // Ties take the first; administrators see everything.
        assert_eq!(who.parts_in_words(&[1, 7, 7]), ["fewer than 5", "not shown", "7"]);
        assert_eq!(Disclosure::for_role(5, crate::domain::Role::Admin).parts_in_words(&[3, 10]), ["3", "10"]);
    }

    #[test]
    fn small_counts_are_hidden_below_the_threshold_but_not_from_administrators() {
        let analyst = Disclosure { threshold: 5, exact: false };
        assert_eq!(analyst.count(4), "fewer than 5");
        assert_eq!(analyst.count(0), "0");
        assert_eq!(analyst.count(5), "5");
        assert_eq!(analyst.count(12_345), "12,345");
        assert_eq!(analyst.percent(4, 40), None);
        assert_eq!(analyst.percent(10, 40).as_deref(), Some("25%"));
        assert_eq!(analyst.percent(10, 3), None, "a share of a hidden total is hidden");
        let admin = Disclosure { threshold: 5, exact: true };
        assert_eq!(admin.count(1), "1");
    }

    #[test]
    fn every_closed_question_gets_a_row_per_answer_with_hidden_small_counts() {
        let def = crate::demo::parents_carers();
        let mut figures = Figures { started: 30, submitted: 20, ..Default::default() };
        figures.answered.insert("used-stls".into(), 20);
        figures.choices.insert("used-stls".into(), [("yes".to_string(), 17), ("no".to_string(), 3)].into_iter().collect());
        figures.answered.insert("timely".into(), 17);
        figures.choices.insert("timely".into(), [("4".to_string(), 10), ("5".to_string(), 7)].into_iter().collect());
        let view_of = |figures: &Figures| {
            view(2, &def, figures, Disclosure { threshold: 5, exact: false }, (String::new(), None), None, None, ("e".into(), "E".into()))
        };
        let view = view_of(&figures);
        let used = view.questions.iter().find(|q| q.id == "used-stls").unwrap();
        // 17 of 20 said yes would tell that 3 said no: the 17 is hidden with the 3.
        assert_eq!(used.rows[0].count, "not shown");
        assert_eq!(used.rows[0].percent, None);
        assert_eq!(used.rows[0].share, 0.0);
        assert_eq!(used.rows[1].count, "fewer than 5");
        assert_eq!(used.rows[1].share, 0.0, "no bar gives a hidden count away");
        let timely = view.questions.iter().find(|q| q.id == "timely").unwrap();
        assert!(timely.summary.as_deref().unwrap().starts_with("Mean 4.4 on a scale from 1 (Strongly disagree) to 5 (Strongly agree)"));
        // 3 and 6 both hidden: the total and the mean together would solve them.
        figures.choices.insert("timely".into(), [("1".to_string(), 3), ("5".to_string(), 6)].into_iter().collect());
        figures.answered.insert("timely".into(), 9);
        let hidden = view_of(&figures);
        let timely = hidden.questions.iter().find(|q| q.id == "timely").unwrap();
        assert_eq!(timely.summary.as_deref(), Some("The mean is not shown, as it would give away counts too small to show."));
        assert_eq!(view.completion.as_deref(), Some("67%"));
        assert!(view.text_questions.iter().any(|(t, _)| t == "What has worked well?"));
    }

    #[test]
    fn a_number_question_shows_its_range_to_administrators_only() {
        let def = crate::demo::schools();
        let mut figures = Figures { started: 8, submitted: 8, ..Default::default() };
        figures.answered.insert("referrals".into(), 8);
        figures.numbers.insert("referrals".into(), (8, 80, 2, 31));
        let words = |exact| {
            let v =
                view(3, &def, &figures, Disclosure { threshold: 5, exact }, (String::new(), None), None, None, ("e".into(), "E".into()));
            v.text_questions.into_iter().find(|(t, _)| t.starts_with("How many pupils")).unwrap().1
        };
        assert_eq!(words(false), "8: mean 10.0", "the lowest and highest are each one school's answer");
        assert_eq!(words(true), "8: mean 10.0, from 2 to 31");
    }

    #[test]
    fn filters_name_real_answers_only() {
        let def = crate::demo::parents_carers();
        let (filter, words) = parse_filter("district::thanet", &def).unwrap();
        assert_eq!(filter, Filter { question: "district".into(), choice: "thanet".into() });
        assert_eq!(words, "\u{201c}Thanet\u{201d} to \u{201c}Which part of Kent do you live in?\u{201d}");
        assert!(parse_filter("district::atlantis", &def).is_none());
        assert!(parse_filter("worked-well::x", &def).is_none());
        assert!(parse_filter("nonsense", &def).is_none());
    }
}

/// Which answers to a question count towards its outcome, and how many answered
/// on its scale, from per-option counts: (positive, on the scale). `None` for a
/// kind of question with no positive end.
pub fn positive_share(kind: &QuestionKind, count: impl Fn(&str) -> i64) -> Option<(i64, i64)> {
    let options = kind.options();
    let positive: Vec<&str> = match kind {
        QuestionKind::Rating { labels, .. } => {
            let points = labels.len();
            options.iter().filter(|(v, _)| v.parse::<usize>().is_ok_and(|n| 2 * n > points + 1)).map(|(v, _)| v.as_str()).collect()
        }
        QuestionKind::YesNoNotSure => vec!["yes"],
        QuestionKind::LikeNotSureDislike => vec!["like"],
        _ => return None,
    };
    let on_scale = options.iter().map(|(v, _)| count(v)).sum();
    Some((positive.iter().map(|v| count(v)).sum(), on_scale))
}

/// Whether an outcome's share adds nothing to a table of the same answers whose counts are
/// `visible` (one per option in `options`). The share tells how many answered positively and how
/// many on the scale, so the sums of three parts: the positive answers, the rest of the scale and
/// the answers off it. With every hidden count in one part, that part's sum is already the total
/// less the counts shown; with hidden counts in two parts, the share would give them away.
pub fn share_adds_nothing(kind: &QuestionKind, options: &[(String, String)], visible: &[bool]) -> bool {
    let part = |value: &str| positive_share(kind, |v| i64::from(v == value));
    let mut hidden = options.iter().zip(visible).filter(|(_, shown)| !**shown).map(|((v, _), _)| part(v));
    match hidden.next() {
        None => true,
        Some(first) => hidden.all(|p| p == first),
    }
}

/// A positive share in words, hidden when too few answered, or when too few answered one way
/// or the other (70% of 10 would tell that 3 did not).
/// Whether a share's own counts may be shown: how many answered, and how many each way.
pub fn share_open(who: Disclosure, (positive, of): (i64, i64)) -> bool {
    who.shows(of) && who.shows(positive) && who.shows(of - positive)
}

pub fn share_in_words(who: Disclosure, (positive, of): (i64, i64)) -> String {
    if of == 0 {
        "no answers".into()
    } else if !who.shows(of) {
        format!("fewer than {} answered", who.threshold)
    } else if !who.shows(positive) || !who.shows(of - positive) {
        format!("not shown, as fewer than {} answered one way ({} answered)", who.threshold, thousands(of))
    } else {
        format!("{:.0}% of {}", positive as f64 * 100.0 / of as f64, thousands(of))
    }
}

#[cfg(test)]
mod outcome_tests {
    use super::*;

    #[test]
    fn the_positive_end_of_each_scale_counts() {
        let five = QuestionKind::Rating { style: app::survey::ScaleStyle::Words, labels: vec!["a".into(); 5] };
        let counts = |v: &str| match v {
            "1" => 2,
            "3" => 4,
            "4" => 10,
            "5" => 4,
            _ => 0,
        };
        assert_eq!(positive_share(&five, counts), Some((14, 20)));
        let three = QuestionKind::Rating { style: app::survey::ScaleStyle::Faces, labels: vec!["a".into(); 3] };
        assert_eq!(positive_share(&three, |v| if v == "3" { 7 } else { 1 }), Some((7, 9)));
        assert_eq!(positive_share(&QuestionKind::YesNoNotSure, |v| if v == "yes" { 6 } else { 2 }), Some((6, 10)));
        assert_eq!(positive_share(&QuestionKind::LongText, |_| 1), None);
        let who = Disclosure { threshold: 5, exact: false };
        assert_eq!(share_in_words(who, (3, 4)), "fewer than 5 answered");
        assert_eq!(share_in_words(who, (14, 20)), "70% of 20");
        // Neither side of a share may be small: 15% of 20 is 3 people.
        assert_eq!(share_in_words(who, (3, 20)), "not shown, as fewer than 5 answered one way (20 answered)");
        assert_eq!(share_in_words(who, (18, 20)), "not shown, as fewer than 5 answered one way (20 answered)");
        assert_eq!(share_in_words(who, (0, 20)), "0% of 20");
    }

    #[test]
    fn a_share_adds_nothing_only_while_every_hidden_count_is_on_one_side() {
        let five = QuestionKind::Rating { style: app::survey::ScaleStyle::Words, labels: vec!["a".into(); 5] };
        let options: Vec<(String, String)> =
            ["1", "2", "3", "4", "5", app::survey::PREFER_NOT_TO_SAY].iter().map(|v| (v.to_string(), String::new())).collect();
        let hidden = |which: &[usize]| (0..options.len()).map(|i| !which.contains(&i)).collect::<Vec<bool>>();
        assert!(share_adds_nothing(&five, &options, &hidden(&[])));
        assert!(share_adds_nothing(&five, &options, &hidden(&[0, 1])), "1 and 2: their sum is known anyway");
        assert!(share_adds_nothing(&five, &options, &hidden(&[3, 4])), "4 and 5 are both positive");
        assert!(!share_adds_nothing(&five, &options, &hidden(&[1, 4])), "the positive count would give 5 away, then 2");
        assert!(!share_adds_nothing(&five, &options, &hidden(&[4, 5])), "the count on the scale would give away who would rather not say");
    }
}
