//! The book's external links, checked where a network exists: a `HEAD` (then
//! a `GET` if the server refuses `HEAD`) to each. Only an answer that says
//! the page is gone (404, 410) fails; a timeout, a 5xx or a server that turns
//! robots away (403, 429) is reported, not failed, and when no link can be
//! reached at all the machine has no network and nothing is checked.

use std::sync::Mutex;
use std::time::Duration;

use ureq::Agent;

/// What one link answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// An HTTP status (after redirects).
    Status(u16),
    /// No HTTP answer: DNS, connection, TLS or timeout.
    Unreachable(String),
}

impl Answer {
    /// A page that is gone: the only answer that fails the check.
    pub fn is_dead(&self) -> bool {
        matches!(self, Answer::Status(404 | 410))
    }
}

/// How many links are asked at a time, and how many are asked first, with
/// [`PROBE_LIMIT`], to find out whether there is a network at all.
const AT_A_TIME: usize = 8;

/// How long the first links may take to answer: where none of them answers
/// in that time the machine has no network, and the rest are not asked
/// (each would wait out [`LIMIT`]).
const PROBE_LIMIT: Duration = Duration::from_secs(5);

/// How long one link may take to answer.
const LIMIT: Duration = Duration::from_secs(20);

/// Asks every URL (eight at a time) and returns the answers in the same
/// order; where none of the first eight answers within [`PROBE_LIMIT`],
/// none is asked further and every answer is `Unreachable`.
pub fn ask_all(urls: &[String]) -> Vec<Answer> {
    let first = &urls[..urls.len().min(AT_A_TIME)];
    let probed = ask_each(first, PROBE_LIMIT);
    if !probed.iter().any(|answer| matches!(answer, Answer::Status(_))) {
        let why =
            format!("no network: none of the first {} links answered within {PROBE_LIMIT:?}", first.len());
        return vec![Answer::Unreachable(why); urls.len()];
    }
    ask_each(urls, LIMIT)
}

/// Asks every URL in `urls`, [`AT_A_TIME`] at once, each within `limit`.
fn ask_each(urls: &[String], limit: Duration) -> Vec<Answer> {
    let agent: Agent = Agent::config_builder()
        .timeout_global(Some(limit))
        .http_status_as_error(false)
        .user_agent("forget-me-not-book link check")
        .build()
        .into();
    let next = Mutex::new(0..urls.len());
    let answers = Mutex::new(vec![Answer::Unreachable("not asked".into()); urls.len()]);
    std::thread::scope(|scope| {
        for _ in 0..AT_A_TIME {
            scope.spawn(|| {
                while let Some(index) = next.lock().expect("queue").next() {
                    let answer = ask(&agent, &urls[index]);
                    answers.lock().expect("answers")[index] = answer;
                }
            });
        }
    });
    answers.into_inner().expect("answers")
}

fn ask(agent: &Agent, url: &str) -> Answer {
    let head = agent.head(url).call();
    let refused_head = |status: u16| matches!(status, 400 | 403 | 404 | 405 | 501);
    match head {
        Ok(response) if !refused_head(response.status().as_u16()) => {
            Answer::Status(response.status().as_u16())
        }
        // Some servers answer HEAD with an error and GET with the page.
        _ => match agent.get(url).call() {
            Ok(response) => Answer::Status(response.status().as_u16()),
            Err(error) => Answer::Unreachable(error.to_string()),
        },
    }
}

/// One line per link for the report file, and the verdict: `Err` lists the
/// dead links; `Ok` says how many were checked (none without a network).
pub fn verdict(urls: &[String], answers: &[Answer]) -> (String, Result<String, String>) {
    let mut report = String::new();
    for (url, answer) in urls.iter().zip(answers) {
        let what = match answer {
            Answer::Status(status) => status.to_string(),
            Answer::Unreachable(why) => format!("unreachable ({why})"),
        };
        report.push_str(&format!("{what}\t{url}\n"));
    }
    let answered = answers.iter().filter(|a| matches!(a, Answer::Status(_))).count();
    if answered == 0 {
        return (report, Ok(format!("no network: {} external links listed, not checked", urls.len())));
    }
    let dead: Vec<String> = urls
        .iter()
        .zip(answers)
        .filter(|(_, a)| a.is_dead())
        .map(|(url, a)| format!("{url} ({a:?})"))
        .collect();
    if !dead.is_empty() {
        return (report, Err(format!("external links that are gone: {}", dead.join(", "))));
    }
    let ok = answers.iter().filter(|a| matches!(a, Answer::Status(200..=399))).count();
    let note =
        format!("{ok} of {} external links answered; the rest refused robots or did not answer", urls.len());
    (report, Ok(if ok == urls.len() { format!("{ok} external links answered") } else { note }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("https://example.org/{i}")).collect()
    }

    #[test]
    fn a_gone_page_fails() {
        let answers = [Answer::Status(200), Answer::Status(404)];
        assert!(verdict(&urls(2), &answers).1.is_err());
    }

    #[test]
    fn robots_refused_and_timeouts_only_report() {
        let answers = [Answer::Status(200), Answer::Status(403), Answer::Unreachable("timeout".into())];
        let (report, result) = verdict(&urls(3), &answers);
        assert!(result.unwrap().starts_with("1 of 3"));
        assert!(report.contains("403\thttps://example.org/1"));
    }

    #[test]
    fn without_a_network_nothing_is_checked() {
        let answers = [Answer::Unreachable("dns".into()), Answer::Unreachable("dns".into())];
        assert!(verdict(&urls(2), &answers).1.unwrap().starts_with("no network"));
    }
}
