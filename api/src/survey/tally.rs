//! Counts responses into public results.

use std::collections::BTreeSet;

use crate::survey::validate::is_blank;
use crate::survey::{Answer, Answers, Choice, MatrixRowCount, OptionCount, Question, QuestionKind, QuestionResult};
use crate::survey::{RATING, ResultCounts, SCALE, Survey, SurveyResults, yes_no_label};

#[cfg(test)]
mod tests;

/// The results of `responses` (each already valid for `survey`), with the
/// survey's texts in its language.
pub fn tally<'a>(survey: &Survey, responses: impl IntoIterator<Item = &'a Answers>) -> SurveyResults {
    let mut counters: Vec<Counter> = survey
        .questions()
        .map(|question| Counter::new(survey, question))
        .collect();
    let mut total = 0;
    for answers in responses {
        total += 1;
        for (question, counter) in survey.questions().zip(counters.iter_mut()) {
            // A stored answer to a question its response did not show would
            // be a bug elsewhere; it still must not count.
            let answer = answers.get(&question.id).filter(|answer| !is_blank(answer));
            if let Some(answer) = answer.filter(|_| survey.is_shown(question, answers)) {
                counter.add(question, answer);
            }
        }
    }
    SurveyResults {
        slug: survey.slug.clone(),
        locale: survey.locale,
        title: survey.title.clone(),
        responses: total,
        questions: survey
            .questions()
            .zip(counters)
            .map(|(question, counter)| counter.finish(question))
            .collect(),
    }
}

struct Counter {
    answered: u64,
    counts: ResultCounts,
}

fn options(choices: &[Choice]) -> ResultCounts {
    let options = choices
        .iter()
        .map(|choice| OptionCount {
            id: choice.id.clone(),
            label: choice.label.clone(),
            count: 0,
        })
        .collect();
    ResultCounts::Options { options }
}

fn distribution(range: std::ops::RangeInclusive<u8>, low: &str, high: &str) -> ResultCounts {
    ResultCounts::Distribution {
        min: *range.start(),
        max: *range.end(),
        low: low.to_owned(),
        high: high.to_owned(),
        counts: vec![0; range.len()],
        mean: None,
    }
}

fn count_option(options: &mut [OptionCount], id: &str) -> bool {
    match options.iter_mut().find(|option| option.id.as_str() == id) {
        Some(option) => {
            option.count += 1;
            true
        }
        None => false,
    }
}

impl Counter {
    fn new(survey: &Survey, question: &Question) -> Counter {
        let counts = match &question.kind {
            QuestionKind::ShortText { .. } | QuestionKind::LongText { .. } => ResultCounts::FreeText,
            QuestionKind::SingleChoice { choices }
            | QuestionKind::MultipleChoice { choices, .. }
            | QuestionKind::Dropdown { choices } => options(choices),
            QuestionKind::YesNo => {
                let options = [(true, "yes"), (false, "no")]
                    .into_iter()
                    .map(|(yes, id)| OptionCount {
                        id: crate::Slug::parse(id).expect("a well-formed id"),
                        label: yes_no_label(survey.locale, yes).to_owned(),
                        count: 0,
                    })
                    .collect();
                ResultCounts::Options { options }
            }
            QuestionKind::Rating { low, high } => distribution(RATING, low, high),
            QuestionKind::Scale { low, high } => distribution(SCALE, low, high),
            QuestionKind::Matrix { rows, columns } => ResultCounts::Matrix {
                columns: columns.clone(),
                rows: rows
                    .iter()
                    .map(|row| MatrixRowCount {
                        id: row.id.clone(),
                        label: row.label.clone(),
                        counts: vec![0; columns.len()],
                    })
                    .collect(),
            },
        };
        Counter { answered: 0, counts }
    }

    /// Counts one answer; one that does not fit the question counts nothing.
    fn add(&mut self, question: &Question, answer: &Answer) {
        use QuestionKind as K;
        let counted = match (&mut self.counts, answer) {
            (ResultCounts::FreeText, Answer::Text(_)) => true,
            (ResultCounts::Options { options }, Answer::Choice(id))
                if matches!(question.kind, K::SingleChoice { .. } | K::Dropdown { .. }) =>
            {
                count_option(options, id.as_str())
            }
            (ResultCounts::Options { options }, Answer::Choices(ids))
                if matches!(question.kind, K::MultipleChoice { .. }) =>
            {
                let distinct: BTreeSet<_> = ids.iter().collect();
                distinct
                    .into_iter()
                    .fold(false, |any, id| count_option(options, id.as_str()) | any)
            }
            (ResultCounts::Options { options }, Answer::YesNo(yes)) if question.kind == K::YesNo => {
                count_option(options, if *yes { "yes" } else { "no" })
            }
            (ResultCounts::Distribution { min, max, counts, .. }, Answer::Number(number))
                if (*min..=*max).contains(number) =>
            {
                counts[usize::from(number - *min)] += 1;
                true
            }
            (ResultCounts::Matrix { columns, rows }, Answer::Matrix(rated)) => {
                let mut any = false;
                for (row_id, column_id) in rated {
                    let row = rows.iter_mut().find(|row| &row.id == row_id);
                    let column = columns.iter().position(|column| &column.id == column_id);
                    if let (Some(row), Some(column)) = (row, column) {
                        row.counts[column] += 1;
                        any = true;
                    }
                }
                any
            }
            _ => false,
        };
        if counted {
            self.answered += 1;
        }
    }

    fn finish(mut self, question: &Question) -> QuestionResult {
        if let ResultCounts::Distribution { min, counts, mean, .. } = &mut self.counts {
            let total: u64 = counts.iter().sum();
            let sum: u64 = counts
                .iter()
                .enumerate()
                .map(|(i, count)| (u64::from(*min) + i as u64) * count)
                .sum();
            *mean = (total > 0).then(|| sum as f64 / total as f64);
        }
        QuestionResult {
            id: question.id.clone(),
            text: question.text.clone(),
            answered: self.answered,
            counts: self.counts,
        }
    }
}
