//! Results as CSV, one line per count: `question,question_text,row,option,count`.
//! Matrices give one line per row and column, ratings and scales one per
//! value, and free-text questions only how many answered them.

use civic_api::survey::{QuestionResult, ResultCounts, SurveyResults};

use crate::csv_field::quoted;

pub const HEADER: &str = "question,question_text,row,option,count";

pub fn results_csv(results: &SurveyResults) -> String {
    let mut csv = format!("{HEADER}\r\n");
    for question in &results.questions {
        let mut line = |row: &str, option: &str, count: u64| {
            csv.push_str(&format!(
                "{},{},{},{},{count}\r\n",
                quoted(question.id.as_str()),
                quoted(&question.text),
                quoted(row),
                quoted(option)
            ));
        };
        write_question(question, &mut line);
    }
    csv
}

fn write_question(question: &QuestionResult, line: &mut impl FnMut(&str, &str, u64)) {
    match &question.counts {
        ResultCounts::Options { options } => {
            for option in options {
                line("", &option.label, option.count);
            }
        }
        ResultCounts::Distribution { min, counts, .. } => {
            for (value, count) in (u32::from(*min)..).zip(counts) {
                line("", &value.to_string(), *count);
            }
        }
        ResultCounts::Matrix { columns, rows } => {
            for row in rows {
                for (column, count) in columns.iter().zip(&row.counts) {
                    line(&row.label, &column.label, *count);
                }
            }
        }
        ResultCounts::FreeText => line("", "answered", question.answered),
    }
}
