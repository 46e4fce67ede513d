//! Why a request was left out: the binding constraint. [`explain`] reads the solver's state and
//! names it as a [`Reason`] with the instance's ids; its `Display` is the text of the solution
//! format's `unscheduled[].reason`, and a mission words it for the planner with names
//! (`planning/left_out.rs`).

use super::format::Problem;
use super::state::{Block, State};
use std::fmt;

/// The constraint that kept a request out, with the instance's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A participant has no available slot.
    NoAvailableSlot { person: String },
    /// The participants' available slots (each one's count) have none in common.
    NoCommonSlot { people: Vec<(String, usize)> },
    /// A participant has as many meetings as allowed.
    MaxMeetings { person: String, max: u32 },
    /// A participant is busy in every common available slot.
    NoFreeSlot { person: String },
    /// In the `slots` common available slots, someone is always busy (each one's count).
    NoFreeCommonSlot {
        slots: usize,
        busy: Vec<(String, usize)>,
    },
    /// When all are free, every allowed site is full.
    NoTable,
    /// When all are free, the person cannot travel between the sites in time.
    Travel {
        person: String,
        site: String,
        other_site: String,
    },
    /// When all are free, the sites are full (`full` slots) or travel rules it out (`travel`).
    FullOrTravel {
        full: usize,
        travel: usize,
        person: String,
        site: String,
        other_site: String,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted = |list: &[(String, usize)], unit: &str| -> String {
            list.iter()
                .map(|(x, n)| format!("{x} {unit}{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Reason::NoAvailableSlot { person } => {
                write!(f, "participant {person} has no available slot")
            }
            Reason::NoCommonSlot { people } => {
                let list: Vec<String> = people
                    .iter()
                    .map(|(x, n)| format!("{x} ({n} slots)"))
                    .collect();
                write!(
                    f,
                    "the participants have no available slot in common: {}",
                    list.join(", ")
                )
            }
            Reason::MaxMeetings { person, max } => {
                write!(f, "max_meetings of {person} reached ({max})")
            }
            Reason::NoFreeSlot { person } => {
                write!(f, "participant {person} has no free available slot")
            }
            Reason::NoFreeCommonSlot { slots, busy } => write!(
                f,
                "the participants have no free slot in common among their {slots} common \
                 available slots ({})",
                counted(busy, "busy in ")
            ),
            Reason::NoTable => write!(
                f,
                "no allowed site has a free table when all participants are free"
            ),
            Reason::Travel {
                person,
                site,
                other_site,
            } => write!(
                f,
                "travel time between site {site} and {other_site} for participant {person}"
            ),
            Reason::FullOrTravel {
                full,
                travel,
                person,
                site,
                other_site,
            } => write!(
                f,
                "when all participants are free, the allowed sites are full ({full} slots) or \
                 participant {person} cannot travel between site {site} and {other_site} in \
                 time ({travel} slots)"
            ),
        }
    }
}

/// Explains why `r` is not in the schedule `st`. Meant for requests that fit nowhere (the
/// solver ends with a pass that inserts every request that still fits).
pub fn explain(p: &Problem, st: &State, r: u32) -> Reason {
    let ri = r as usize;
    let people = &p.req_people[ri];
    let name = |x: u32| p.person_ids[x as usize].clone();
    let site = |k: u16| p.site_ids[k as usize].clone();

    if p.req_slots[ri].is_empty() {
        if let Some(&x) = people
            .iter()
            .find(|&&x| p.person_avail[x as usize].is_empty())
        {
            return Reason::NoAvailableSlot { person: name(x) };
        }
        return Reason::NoCommonSlot {
            people: people
                .iter()
                .map(|&x| (name(x), p.person_avail[x as usize].len()))
                .collect(),
        };
    }
    for &x in people {
        let max = p.person_max[x as usize];
        if st.person[x as usize].len() as u64 >= u64::from(max) {
            return Reason::MaxMeetings {
                person: name(x),
                max,
            };
        }
    }
    let slots = &p.req_slots[ri];
    let mut busy = vec![0usize; people.len()];
    let mut free_slots = 0usize;
    let mut full = 0usize;
    let mut travel: Option<(u32, u16, u16)> = None;
    let mut travel_slots = 0usize;
    for &s in slots {
        let mut anyone_busy = false;
        for (i, &x) in people.iter().enumerate() {
            if st.person[x as usize].iter().any(|e| e.slot == s) {
                busy[i] += 1;
                anyone_busy = true;
            }
        }
        if anyone_busy {
            continue;
        }
        free_slots += 1;
        let mut by_travel = false;
        for &k in &p.req_sites[ri] {
            if let Some(Block::Travel { person, other_site }) = st.blocker(p, r, s, k) {
                by_travel = true;
                travel.get_or_insert((person, k, other_site));
            }
        }
        if by_travel {
            travel_slots += 1;
        } else {
            full += 1;
        }
    }
    if free_slots == 0 {
        let all_busy = people.iter().zip(&busy).find(|(_, &b)| b == slots.len());
        if let Some((&x, _)) = all_busy {
            return Reason::NoFreeSlot { person: name(x) };
        }
        return Reason::NoFreeCommonSlot {
            slots: slots.len(),
            busy: people
                .iter()
                .zip(&busy)
                .map(|(&x, &b)| (name(x), b))
                .collect(),
        };
    }
    match travel {
        None => Reason::NoTable,
        Some((x, a, b)) if full == 0 => Reason::Travel {
            person: name(x),
            site: site(a),
            other_site: site(b),
        },
        Some((x, a, b)) => Reason::FullOrTravel {
            full,
            travel: travel_slots,
            person: name(x),
            site: site(a),
            other_site: site(b),
        },
    }
}
