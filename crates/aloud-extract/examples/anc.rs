use scraper::{ElementRef, Html, Selector};
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let sel = std::env::args().nth(2).unwrap();
    let html = std::fs::read_to_string(path).unwrap();
    let doc = Html::parse_document(&html);
    let p = doc.select(&Selector::parse(&sel).unwrap()).next().unwrap();
    for a in p.ancestors().filter_map(ElementRef::wrap) {
        let e = a.value();
        println!(
            "{} class={:?} id={:?} role={:?} hidden={:?} aria={:?} style={:?}",
            e.name(),
            e.attr("class"),
            e.attr("id"),
            e.attr("role"),
            e.attr("hidden"),
            e.attr("aria-hidden"),
            e.attr("style")
        );
    }
}
