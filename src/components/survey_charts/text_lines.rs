//! SVG text does not wrap: labels are cut into lines by hand, roughly by
//! how many characters fit the chart's width at its font size.

use leptos::prelude::*;

/// Height of one line of a label, in the chart's drawing units.
pub const LINE: u32 = 16;

/// `text` cut at spaces into lines of at most `width` characters (a longer
/// word stays whole on its own line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// A label drawn as one `<text>` whose first line's baseline is at `y`.
pub fn label_lines(class: &'static str, x: u32, y: u32, anchor: &'static str, lines: Vec<String>) -> impl IntoView {
    let x = x.to_string();
    let spans = lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let dy = if index == 0 { "0".to_owned() } else { LINE.to_string() };
            view! {
                <tspan x=x.clone() dy=dy>
                    {line}
                </tspan>
            }
        })
        .collect_view();
    view! {
        <text class=class y=y.to_string() text-anchor=anchor>
            {spans}
        </text>
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_are_cut_at_spaces_and_long_words_stay_whole() {
        assert_eq!(wrap("By bike", 20), ["By bike"]);
        assert_eq!(
            wrap("Clearer information on how the data is used", 20),
            ["Clearer information", "on how the data is", "used"]
        );
        assert_eq!(
            wrap("Unbelievably-long-word here", 5),
            ["Unbelievably-long-word", "here"]
        );
        assert_eq!(wrap("", 10), [""]);
    }
}
