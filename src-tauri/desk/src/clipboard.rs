//! Rows copied from the grid, as the clipboard gets them: tab-separated text, and the same as
//! an HTML table whose cells are marked as text, so Excel keeps `+31612345678` instead of
//! turning it into a number. Cells a spreadsheet would run as a formula get a leading `'`, as
//! in the CSV export; Enrow's E.164 numbers stay exactly as sent.

use std::borrow::Cow;

use enrow::export::{is_e164, neutralise_formula};

/// The text to copy, as plain text and as an HTML table. Text without tabs is one value (a
/// phone number) and is copied as it is, with no table.
pub fn for_clipboard(text: &str) -> (String, Option<String>) {
    if !text.contains('\t') {
        return (text.to_owned(), None);
    }
    let rows: Vec<Vec<Cow<'_, str>>> = text
        .lines()
        .map(|line| line.split('\t').map(safe_cell).collect())
        .collect();
    let plain: String = rows.iter().map(|cells| cells.join("\t") + "\r\n").collect();
    (plain, Some(html_table(&rows)))
}

fn safe_cell(cell: &str) -> Cow<'_, str> {
    if is_e164(cell) {
        Cow::Borrowed(cell)
    } else {
        neutralise_formula(cell)
    }
}

fn html_table(rows: &[Vec<Cow<'_, str>>]) -> String {
    let mut html = String::from("<table>");
    for cells in rows {
        html.push_str("<tr>");
        for cell in cells {
            html.push_str("<td style=\"mso-number-format:'\\@'\">");
            html.push_str(&escape_html(cell));
            html.push_str("</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    html
}

/// The four characters that matter inside a table cell; not worth a crate.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_an_html_table_of_text_cells() {
        let (_, html) = for_clipboard("Phone\tName\r\n+31612345678\tA <b>&</b> \"B\"\r\n");
        let html = html.expect("a table");
        assert!(html.starts_with("<table><tr><td"));
        assert!(html.contains(">+31612345678</td>"));
        assert!(html.contains("A &lt;b&gt;&amp;&lt;/b&gt; &quot;B&quot;"));
        assert_eq!(html.matches("<tr>").count(), 2);
        assert_eq!(html.matches("mso-number-format").count(), 4);
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        let (plain, html) =
            for_clipboard("Phone\tCompany\r\n+31612345678\t=HYPERLINK(\"x\")\r\n\t@SUM(A1)\r\n");
        assert_eq!(
            plain,
            "Phone\tCompany\r\n+31612345678\t'=HYPERLINK(\"x\")\r\n\t'@SUM(A1)\r\n"
        );
        assert!(html.expect("table").contains(">'=HYPERLINK("));
    }

    #[test]
    fn one_number_is_copied_as_it_is() {
        assert_eq!(
            for_clipboard("+15705551234"),
            ("+15705551234".to_owned(), None)
        );
    }
}
