//! Opening hours: when a person will reply.
//!
//! Format: `Mo-Fr 09:00-18:00, Sa 10:00-14:00` (English or German day
//! abbreviations: Mo Tu We Th Fr Sa Su / Mo Di Mi Do Fr Sa So).

const DAYS_EN: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];
const DAYS_DE: [&str; 7] = ["mo", "di", "mi", "do", "fr", "sa", "so"];

/// One opening rule: days (0 = Monday) and minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    from_day: usize,
    to_day: usize,
    start: u32,
    end: u32,
}

/// A time of the week: day (0 = Monday) and minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTime {
    /// 0 = Monday … 6 = Sunday.
    pub day: usize,
    /// Minutes since midnight.
    pub minute: u32,
}

/// Parses opening hours, or says what is wrong. An empty text gives no
/// rules: always open.
pub fn parse(spec: &str) -> Result<Vec<Rule>, String> {
    spec.split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(rule)
        .collect()
}

fn rule(part: &str) -> Result<Rule, String> {
    let bad = || format!("opening hours '{part}' are not like 'Mo-Fr 09:00-18:00'");
    let (days, times) = part.split_once(' ').ok_or_else(bad)?;
    let (from_day, to_day) = match days.split_once('-') {
        Some((a, b)) => (day(a).ok_or_else(bad)?, day(b).ok_or_else(bad)?),
        None => (day(days).ok_or_else(bad)?, day(days).ok_or_else(bad)?),
    };
    let (start, end) = times.trim().split_once('-').ok_or_else(bad)?;
    let (start, end) = (minute(start).ok_or_else(bad)?, minute(end).ok_or_else(bad)?);
    if start >= end {
        return Err(bad());
    }
    Ok(Rule {
        from_day,
        to_day,
        start,
        end,
    })
}

fn day(name: &str) -> Option<usize> {
    let name = name.trim().to_ascii_lowercase();
    let short = name.get(..2)?;
    DAYS_EN
        .iter()
        .position(|d| *d == short)
        .or_else(|| DAYS_DE.iter().position(|d| *d == short))
}

fn minute(time: &str) -> Option<u32> {
    let (h, m) = time.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 24 * 60).then(|| h * 60 + m)
}

fn covers(rule: &Rule, day: usize) -> bool {
    match rule.from_day <= rule.to_day {
        true => (rule.from_day..=rule.to_day).contains(&day),
        false => day >= rule.from_day || day <= rule.to_day,
    }
}

/// `None` when open at `now`; otherwise the next opening time.
pub fn next_opening(rules: &[Rule], now: WeekTime) -> Option<WeekTime> {
    if rules
        .iter()
        .any(|r| covers(r, now.day) && (r.start..r.end).contains(&now.minute))
    {
        return None;
    }
    (0..8).find_map(|ahead| {
        let day = (now.day + ahead) % 7;
        rules
            .iter()
            .filter(|r| covers(r, day) && (ahead > 0 || r.start > now.minute))
            .map(|r| r.start)
            .min()
            .map(|minute| WeekTime { day, minute })
    })
}

/// `Mo 09:00` (or `Di 09:00` in German); today's opening is just the time.
pub fn describe(next: WeekTime, today: usize, lang: &str) -> String {
    let time = format!("{:02}:{:02}", next.minute / 60, next.minute % 60);
    if next.day == today {
        return time;
    }
    let days = if lang == "de" {
        ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
    } else {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    };
    format!("{} {time}", days[next.day])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(day: usize, h: u32, m: u32) -> WeekTime {
        WeekTime {
            day,
            minute: h * 60 + m,
        }
    }

    #[test]
    fn open_closed_and_next_opening() {
        let rules = parse("Mo-Fr 09:00-18:00, Sa 10:00-14:00").unwrap();
        assert_eq!(next_opening(&rules, at(0, 10, 0)), None);
        assert_eq!(next_opening(&rules, at(0, 8, 0)), Some(at(0, 9, 0)));
        assert_eq!(next_opening(&rules, at(4, 19, 0)), Some(at(5, 10, 0)));
        assert_eq!(next_opening(&rules, at(5, 15, 0)), Some(at(0, 9, 0)));
        assert_eq!(describe(at(0, 9, 0), 6, "de"), "Mo 09:00");
        assert_eq!(describe(at(0, 9, 0), 0, "en"), "09:00");
    }

    #[test]
    fn german_days_and_bad_specs() {
        assert_eq!(
            parse("Di-Do 08:30-12:00").unwrap()[0],
            Rule {
                from_day: 1,
                to_day: 3,
                start: 510,
                end: 720
            }
        );
        assert!(parse("weekdays 9-5").is_err());
        assert!(parse("Mo 18:00-09:00").is_err());
    }
}
