//! SVG text handling outside plotters: XML escaping, the accessibility
//! header spliced into plotters' output, and the hand-written frame used
//! when there is nothing (or nothing drawable) to plot.

use std::fmt::Write;

use super::{Chart, ChartKind, layout, palette, scale, summary};

/// Escape for XML text and attribute values. Only for text written here:
/// plotters escapes what it draws itself, so text handed to plotters must
/// stay raw or it would be escaped twice.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            other => out.push(other),
        }
    }
    out
}

fn kind_class(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::StackedBars => "stacked-bars",
        ChartKind::Bars => "bars",
        ChartKind::Line => "line",
        ChartKind::HorizontalBars => "horizontal-bars",
        ChartKind::Heatmap => "heatmap",
    }
}

/// Attributes and first children that make the SVG an accessible image.
fn accessible_parts(chart: &Chart) -> (String, String) {
    let id = escape(&chart.id);
    let attributes = format!(
        r#"role="img" aria-labelledby="{id}-title" aria-describedby="{id}-desc" class="chart chart-{}""#,
        kind_class(chart.kind)
    );
    let children = format!(
        "<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(&chart.title),
        escape(&summary(chart))
    );
    (attributes, children)
}

/// Turn plotters' document into an inlineable element: drop anything before
/// `<svg` (an XML prolog is invalid inside HTML), add the accessibility
/// attributes and put `<title>` first so screen readers announce it.
/// `None` if the text is not the SVG plotters normally writes.
pub fn finish(chart: &Chart, raw: &str) -> Option<String> {
    let start = raw.find("<svg ")?;
    let open_end = start + raw[start..].find('>')?;
    let (attributes, children) = accessible_parts(chart);
    let mut out = String::with_capacity(raw.len() + children.len() + 200);
    out.push_str("<svg ");
    out.push_str(&attributes);
    out.push(' ');
    out.push_str(&raw[start + "<svg ".len()..=open_end]);
    out.push('\n');
    out.push_str(&children);
    out.push_str(raw[open_end + 1..].trim_start_matches('\n'));
    Some(out)
}

/// A bordered frame with the title and a one-line message, written by hand
/// so it works even when plotters could not draw.
pub fn message_frame(chart: &Chart, message: &str) -> String {
    let (width, height) = (layout::WIDTH, layout::empty_height(chart.kind));
    let (attributes, children) = accessible_parts(chart);
    let colour = |c: plotters::style::RGBColor| format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2);
    let title =
        scale::truncate_bold_to_width(&chart.title, width - 2 * layout::PAD, layout::TITLE_PX);
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        concat!(
            "<svg {attributes} width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" ",
            "xmlns=\"http://www.w3.org/2000/svg\">\n{children}",
            "<rect x=\"0.5\" y=\"0.5\" width=\"{rw}\" height=\"{rh}\" fill=\"#FFFFFF\" stroke=\"{frame}\"/>\n",
            "<text x=\"{pad}\" y=\"{title_y}\" font-family=\"sans-serif\" font-size=\"{title_px}\" ",
            "font-weight=\"bold\" fill=\"{text}\">{title}</text>\n",
            "<text x=\"{cx}\" y=\"{cy}\" text-anchor=\"middle\" font-family=\"sans-serif\" ",
            "font-size=\"{label_px}\" fill=\"{muted}\">{message}</text>\n",
            "</svg>\n"
        ),
        attributes = attributes,
        children = children,
        w = width,
        h = height,
        rw = width - 1,
        rh = height - 1,
        frame = colour(palette::FRAME),
        pad = layout::PAD,
        title_y = layout::PAD + layout::TITLE_PX,
        title_px = layout::TITLE_PX,
        text = colour(palette::TEXT),
        title = escape(&title),
        cx = width / 2,
        cy = height / 2 + layout::LABEL_PX,
        label_px = layout::LABEL_PX,
        muted = colour(palette::MUTED_TEXT),
        message = escape(message),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_all_five_xml_specials() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn finish_strips_prolog_and_puts_title_first() {
        let chart = super::super::tests::chart(ChartKind::Bars, &["a"], &[("s", &[Some(1.0)])]);
        let raw = "<?xml version=\"1.0\"?>\n<svg width=\"1\" height=\"1\">\n<rect/>\n</svg>\n";
        let done = finish(&chart, raw).expect("valid svg");
        assert!(done.starts_with("<svg role=\"img\" aria-labelledby=\"test-chart-title\""));
        assert!(done.contains("width=\"1\" height=\"1\">\n<title id=\"test-chart-title\">"));
        assert!(!done.contains("<?xml"));
        assert!(finish(&chart, "not svg").is_none());
    }
}
