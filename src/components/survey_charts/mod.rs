//! A survey's results drawn as SVG, each chart beside a table of the same
//! figures (the charts are hidden from assistive technology, which reads
//! the tables).

pub mod distribution_chart;
pub mod matrix_chart;
pub mod options_chart;
pub mod question_result;
mod text_lines;
