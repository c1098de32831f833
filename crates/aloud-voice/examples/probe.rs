use aloud_voice::*;
fn main() {
    let data = data_dir();
    let info = find_voice(&data, DEFAULT_VOICE).unwrap();
    let voice = Voice::load(info).unwrap();
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let texts: Vec<String> = text
        .split(". ")
        .map(|s| format!("{s}."))
        .filter(|s| s.len() > 2)
        .collect();
    println!(
        "{} sentences; ipa0={}",
        texts.len(),
        voice.phonemize(&texts[0]).unwrap()
    );
    let workers: usize = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(2);
    let t = std::time::Instant::now();
    let mut pool = SynthesisPool::new(voice, &onnxruntime_library(&data), workers).unwrap();
    println!("load {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut total = 0usize;
    let mut first = None;
    pool.synthesize(&texts, 1.0, |i, pcm| {
        total += pcm.samples.len();
        if first.is_none() {
            first = Some(t.elapsed());
        }
        let _ = i;
    })
    .unwrap();
    let el = t.elapsed();
    println!(
        "synth {:?} audio {:.1}s rtf {:.3} first {:?}",
        el,
        total as f64 / 22050.0,
        el.as_secs_f64() / (total as f64 / 22050.0),
        first
    );
}
