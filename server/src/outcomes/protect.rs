//! Which shares a KPI's table hides, so that none it hides can be worked out from those it shows.
//!
//! A share is (positive answers, answers). One is hidden when fewer than the threshold answered, or
//! answered one way or the other ([`share_open`]). Then, because the table's groups add up:
//! - the districts of an area board add up to the board, the boards to Kent, and the districts to
//!   Kent, each with those who did not say their district as one more, never shown, part: when just
//!   one part of a whole that is shown is hidden, the smallest part shown is hidden with it, so the
//!   whole less the rest gives away no single part;
//! - Kent less any group shown is everyone else: a group is hidden when everyone else is so few
//!   that showing it would give them away (areas of need overlap, as do the parts of the service
//!   people used, so this is their only sum).
//!
//! Each wave is its own people, so a wave's table gives nothing away about another's.

use crate::results::figures::{share_open, Disclosure};

/// (positive answers, answers).
pub type Share = (i64, i64);

fn minus(a: Share, b: Share) -> Share {
    (a.0 - b.0, a.1 - b.1)
}

fn sum<'a>(shares: impl Iterator<Item = &'a Share>) -> Share {
    shares.fold((0, 0), |a, s| (a.0 + s.0, a.1 + s.1))
}

/// A wave's shares, for Kent and each group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wave {
    pub kent: Share,
    /// Each district's, in the order of `board_of`.
    pub districts: Vec<Share>,
    /// Each area of need's.
    pub needs: Vec<Share>,
    /// Each part of the service's (provider strand).
    pub providers: Vec<Share>,
    /// Shares hidden because the survey's own results pages hide counts they are made from
    /// (empty lists for none).
    pub elsewhere: Hidden,
}

/// What a wave's table hides: Kent, each district, each board, each area of need and each part
/// of the service.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Hidden {
    pub kent: bool,
    pub districts: Vec<bool>,
    pub boards: Vec<bool>,
    pub needs: Vec<bool>,
    pub providers: Vec<bool>,
}

/// The boards' shares: the sum of their districts'.
pub fn board_shares(wave: &Wave, board_of: &[usize], boards: usize) -> Vec<Share> {
    (0..boards).map(|b| sum(wave.districts.iter().zip(board_of).filter(|(_, of)| **of == b).map(|(s, _)| s))).collect()
}

/// One sum of the table: a whole (`whole_hidden` when it has answers and is hidden) and its
/// parts (`hidden` marks those hidden; `unshown_closed` when one more part, never shown, would be
/// hidden). A sum with exactly one hidden cell gives it away, so then the smallest part shown with
/// answers is hidden too. Returns whether it hid one.
fn one_more(whole_hidden: bool, parts: &[Share], hidden: &mut [bool], unshown_closed: bool) -> bool {
    let hidden_parts = parts.iter().zip(hidden.iter()).filter(|(s, h)| s.1 > 0 && **h).count();
    if hidden_parts + usize::from(unshown_closed) + usize::from(whole_hidden) != 1 {
        return false;
    }
    let smallest = (0..parts.len()).filter(|&i| !hidden[i] && parts[i].1 > 0).min_by_key(|&i| (parts[i].1, i));
    match smallest {
        Some(i) => {
            hidden[i] = true;
            true
        }
        None => false,
    }
}

/// Which of a wave's shares are hidden from `who`. `board_of` gives each district's board.
pub fn hidden(who: Disclosure, wave: &Wave, board_of: &[usize], boards: usize) -> Hidden {
    let boards_shares = board_shares(wave, board_of, boards);
    let closed = |s: &Share| s.1 > 0 && !share_open(who, *s);
    let mut h = Hidden {
        kent: closed(&wave.kent),
        districts: wave.districts.iter().map(closed).collect(),
        boards: boards_shares.iter().map(closed).collect(),
        needs: wave.needs.iter().map(closed).collect(),
        providers: wave.providers.iter().map(closed).collect(),
    };
    if who.exact {
        return h;
    }
    let marked = |own: &mut Vec<bool>, other: &[bool]| own.iter_mut().zip(other).for_each(|(a, b)| *a |= *b);
    h.kent |= wave.elsewhere.kent;
    marked(&mut h.districts, &wave.elsewhere.districts);
    marked(&mut h.needs, &wave.elsewhere.needs);
    marked(&mut h.providers, &wave.elsewhere.providers);
    // Kent less a group is everyone else, never shown: too few of them hides the group.
    let rest_closed = |s: &Share| s.1 > 0 && closed(&minus(wave.kent, *s));
    for (shares, hidden) in [
        (&wave.districts, &mut h.districts),
        (&boards_shares, &mut h.boards),
        (&wave.needs, &mut h.needs),
        (&wave.providers, &mut h.providers),
    ] {
        for (s, hide) in shares.iter().zip(hidden.iter_mut()) {
            *hide |= rest_closed(s);
        }
    }
    // Kent is its boards and its districts, each with those who did not say their district; each
    // board is its districts, which other pages may show, so a board with a hidden district is
    // hidden, and a hidden board keeps at least one of its districts hidden.
    let not_said_closed = closed(&minus(wave.kent, sum(wave.districts.iter())));
    let members = |b: usize| (0..wave.districts.len()).filter(move |&d| board_of[d] == b && wave.districts[d].1 > 0);
    loop {
        let mut changed = false;
        for b in 0..boards {
            if !h.boards[b] && members(b).any(|d| h.districts[d]) {
                h.boards[b] = true;
                changed = true;
            }
        }
        changed |= one_more(h.kent && wave.kent.1 > 0, &boards_shares, &mut h.boards, not_said_closed);
        changed |= one_more(h.kent && wave.kent.1 > 0, &wave.districts, &mut h.districts, not_said_closed);
        for b in 0..boards {
            if h.boards[b] && !members(b).any(|d| h.districts[d]) {
                if let Some(d) = members(b).min_by_key(|&d| (wave.districts[d].1, d)) {
                    h.districts[d] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return h;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHO: Disclosure = Disclosure { threshold: 5, exact: false };

    /// No sum of the table has exactly one hidden cell, and no group shown leaves too few in Kent.
    fn nothing_given_away(wave: &Wave, board_of: &[usize], boards: usize, h: &Hidden) {
        let boards_shares = board_shares(wave, board_of, boards);
        let not_said = minus(wave.kent, sum(wave.districts.iter()));
        let closed = |s: Share| s.1 > 0 && !share_open(WHO, s);
        let check = |whole: (Share, bool), parts: Vec<(Share, bool)>, unshown: Share| {
            let cells =
                parts.iter().filter(|(s, h)| *h && s.1 > 0).count() + usize::from(closed(unshown)) + usize::from(whole.1 && whole.0 .1 > 0);
            assert_ne!(cells, 1, "one cell alone is hidden in {whole:?} = {parts:?} + {unshown:?}");
        };
        check((wave.kent, h.kent), boards_shares.iter().copied().zip(h.boards.iter().copied()).collect(), not_said);
        for (b, board) in boards_shares.iter().enumerate() {
            let parts = (0..wave.districts.len()).filter(|&d| board_of[d] == b).map(|d| (wave.districts[d], h.districts[d])).collect();
            check((*board, h.boards[b]), parts, (0, 0));
        }
        // Every district hidden alone across Kent would be given away too.
        if !h.kent {
            check((wave.kent, false), wave.districts.iter().copied().zip(h.districts.iter().copied()).collect(), not_said);
        }
        for (groups, hidden) in
            [(&wave.districts, &h.districts), (&boards_shares, &h.boards), (&wave.needs, &h.needs), (&wave.providers, &h.providers)]
        {
            for (s, hide) in groups.iter().zip(hidden) {
                if !hide && s.1 > 0 {
                    assert!(share_open(WHO, *s), "a group shown is open: {s:?}");
                    assert!(!closed(minus(wave.kent, *s)), "Kent less a group shown is too few: {s:?}");
                }
            }
        }
    }

    #[test]
    fn a_district_hidden_hides_its_board_and_another_board_goes_with_it() {
        // Two boards of two districts; district 0 has three answers.
        let wave = Wave {
            kent: (60, 100),
            districts: vec![(2, 3), (20, 30), (18, 27), (20, 40)],
            needs: vec![],
            providers: vec![],
            elsewhere: Hidden::default(),
        };
        let board_of = [0, 0, 1, 1];
        let h = hidden(WHO, &wave, &board_of, 2);
        assert!(h.districts[0] && h.boards[0], "the board goes with district 0: {h:?}");
        nothing_given_away(&wave, &board_of, 2, &h);
    }

    #[test]
    fn those_who_did_not_say_their_district_count_as_a_hidden_part() {
        // Kent has three more than the districts: they are too few, so one district goes too.
        let wave = Wave {
            kent: (62, 106),
            districts: vec![(20, 30), (20, 33), (20, 40)],
            needs: vec![],
            providers: vec![],
            elsewhere: Hidden::default(),
        };
        let board_of = [0, 0, 1];
        let h = hidden(WHO, &wave, &board_of, 2);
        assert!(h.districts.iter().any(|x| *x), "{h:?}");
        nothing_given_away(&wave, &board_of, 2, &h);
    }

    #[test]
    fn an_area_of_need_with_too_few_outside_it_is_hidden() {
        // 98 of 100 have this need: Kent less it would show the two without.
        let wave = Wave { kent: (60, 100), districts: vec![], needs: vec![(59, 98), (20, 40)], ..Default::default() };
        let h = hidden(WHO, &wave, &[], 0);
        assert_eq!(h.needs, [true, false]);
    }

    #[test]
    fn administrators_see_every_share_as_it_is() {
        let wave = Wave { kent: (60, 100), districts: vec![(2, 3), (58, 97)], needs: vec![(1, 2)], ..Default::default() };
        let h = hidden(Disclosure { threshold: 5, exact: true }, &wave, &[0, 0], 1);
        assert_eq!((h.districts, h.needs), (vec![false, false], vec![false]));
    }

    #[test]
    fn no_table_of_many_made_up_waves_gives_a_hidden_share_away() {
        // A small generator, so the test needs nothing more.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: i64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as i64
        };
        let board_of = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3];
        for _ in 0..5_000 {
            let districts: Vec<Share> = (0..12)
                .map(|_| {
                    let n = if next(3) == 0 { next(6) } else { next(40) };
                    (next(n + 1), n)
                })
                .collect();
            let extra = if next(2) == 0 { next(4) } else { 0 };
            let kent = (sum(districts.iter()).0 + next(extra + 1), sum(districts.iter()).1 + extra);
            let mut overlapping = |groups: usize| -> Vec<Share> {
                (0..groups)
                    .map(|_| {
                        let n = next(kent.1 + 1);
                        (next(n + 1).min(kent.0).min(n), n)
                    })
                    .collect()
            };
            let (needs, providers) = (overlapping(4), overlapping(3));
            let wave = Wave { kent, districts, needs, providers, ..Default::default() };
            let h = hidden(WHO, &wave, &board_of, 4);
            nothing_given_away(&wave, &board_of, 4, &h);
        }
    }
}
