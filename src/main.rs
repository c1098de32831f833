//! The `aloud` command line: a thin layer over the library crates.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aloud_extract::Input;
use aloud_pipeline::{AtomicFile, Format, Narrator};
use aloud_script::ScriptOptions;
use aloud_voice::{SessionPlan, DEFAULT_NARRATION_VOICE, DEFAULT_VOICE};
use anyhow::{bail, Context};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "aloud",
    version,
    about = "Narrate news articles with a local neural voice"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Narrate an article (URL, .html/.txt/.md file, or - for stdin) to an audio file.
    Narrate {
        /// http(s) URL, path to an .html/.htm/.txt/.md file, or - for standard input.
        input: String,
        #[command(flatten)]
        audio: AudioArgs,
        /// Write per-sentence and per-word timings as JSON.
        #[arg(long)]
        timings: Option<PathBuf>,
        /// Write WebVTT captions, a cue per sentence.
        #[arg(long)]
        vtt: Option<PathBuf>,
        /// Write WebVTT captions with each word's time inline (karaoke style).
        #[arg(long)]
        word_vtt: Option<PathBuf>,
        /// Read figure captions too.
        #[arg(long)]
        read_captions: bool,
        /// Hear every sentence with the speech recognizer (English voices), take again
        /// those heard badly (up to twice, keeping the best) and name the words that may
        /// be mispronounced; the hearings go into --timings.
        #[arg(long)]
        check: bool,
        /// With --check: write every take of each sentence the check questioned
        /// (retaken, or with suspect words) as WAV into DIR, with takes.json, for judging
        /// the check with another recognizer (bench/check.sh).
        #[arg(long, value_name = "DIR", requires = "check")]
        check_takes: Option<PathBuf>,
        #[command(flatten)]
        pronunciation: PronunciationArgs,
    },
    /// Say a piece of text into an audio file: a quick audition of how it is read.
    Say {
        /// The text (plain text; `-` reads standard input).
        text: String,
        #[command(flatten)]
        audio: AudioArgs,
        #[command(flatten)]
        pronunciation: PronunciationArgs,
    },
    /// Pronunciation lexicon tools.
    Lexicon {
        #[command(subcommand)]
        command: LexiconCommand,
    },
    /// Print what would be said, one utterance per line (title first).
    Script {
        input: String,
        /// Utterances with their source spans, as JSON.
        #[arg(long)]
        json: bool,
        #[arg(long)]
        read_captions: bool,
        #[command(flatten)]
        pronunciation: PronunciationArgs,
    },
    /// Print the article as extracted: blocks as plain text, or blocks and metadata as JSON.
    Extract {
        input: String,
        #[arg(long)]
        json: bool,
    },
    /// Read lines of written text on standard input; write each as spoken words.
    Normalize,
    /// Run the narration server: HTTP API, durable job queue, workers.
    Serve {
        /// A config file of `name = value` lines (listen, data, database, storage, workers,
        /// lease_secs, shutdown_grace_secs, fetch_allow, rate_limit, public_url,
        /// feed_poll_secs, feed_image, web_submit, max_audio_minutes, max_connections,
        /// header_timeout_secs, body_timeout_secs, voice, publisher_voices,
        /// basic_voices, cache_days, check); also $ALOUD_CONFIG.
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        state: StateArgs,
        #[command(flatten)]
        work: WorkArgs,
        #[command(flatten)]
        api: ApiArgs,
    },
    /// Run workers only: take jobs from the shared database and narrate them into the
    /// shared store (for a fleet: API nodes run `serve --workers 0`).
    Worker {
        /// A config file, as for `serve` (API settings are ignored).
        #[arg(long)]
        config: Option<PathBuf>,
        #[command(flatten)]
        state: StateArgs,
        #[command(flatten)]
        work: WorkArgs,
        /// Serve the workers' /metrics, /healthz and /readyz on this address.
        #[arg(long, env = "ALOUD_METRICS_LISTEN")]
        metrics_listen: Option<std::net::SocketAddr>,
    },
    /// Bring the database's schema up to date (serve and worker also do at start).
    Migrate {
        #[command(flatten)]
        state: StateArgs,
    },
    /// Manage API keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// List the installed voices: engine, language, accent, gender, sample rate, quality
    /// and the speed measured on this machine (`--measure`)
    Voices {
        #[arg(long)]
        json: bool,
        /// Measure how fast the voices named (default: all) speak on this machine
        /// (a news paragraph each) and keep the figures for later listings
        #[arg(long)]
        measure: bool,
        /// Voices to measure (with --measure)
        names: Vec<String>,
    },
}

/// Where a server keeps its state.
#[derive(clap::Args)]
struct StateArgs {
    /// Server data directory (the embedded database and the narrations).
    #[arg(long, env = "ALOUD_DATA")]
    data: Option<PathBuf>,
    /// The database: a SQLite file path or a postgres:// URL (default: aloud.sqlite
    /// in the data directory).
    #[arg(long, env = "DATABASE_URL")]
    database: Option<String>,
    /// Where narrations are kept: a directory or s3://bucket/prefix on any
    /// S3-compatible store, with the usual AWS_* environment for credentials, region
    /// and endpoint (default: narrations in the data directory).
    #[arg(long, env = "ALOUD_STORAGE")]
    storage: Option<String>,
}

impl StateArgs {
    fn data_dir(&self) -> PathBuf {
        server_data_dir(self.data.clone())
    }

    fn database_url(&self) -> String {
        aloud_publish::database_url(self.database.as_deref(), &self.data_dir())
    }
}

/// How workers narrate.
#[derive(clap::Args)]
struct WorkArgs {
    /// Articles narrated at once in this process, each worker with its own voice
    /// session and its share of the cores (default: one, synthesizing one utterance
    /// per core; `serve --workers 0` runs an API-only node).
    #[arg(long, env = "ALOUD_WORKERS")]
    workers: Option<usize>,
    /// Seconds a job stays with a worker that stopped reporting progress before
    /// another worker (or the next start) takes it over.
    #[arg(long, env = "ALOUD_LEASE_SECS", default_value_t = 60)]
    lease_secs: u64,
    /// Seconds a stopping process (Ctrl-C, SIGTERM) gives its workers to finish their
    /// jobs before handing them back to the queue.
    #[arg(long, env = "ALOUD_SHUTDOWN_GRACE_SECS", default_value_t = 20)]
    shutdown_grace_secs: u64,
    /// Addresses or networks submitted URLs may reach besides public ones
    /// (comma-separated, e.g. 10.0.0.0/8,127.0.0.1). Loopback, private, link-local
    /// and metadata addresses are refused otherwise.
    #[arg(long, env = "ALOUD_FETCH_ALLOW", value_delimiter = ',')]
    fetch_allow: Vec<aloud_extract::IpNet>,
    /// The longest narration made, in minutes (estimated from words and pauses
    /// before synthesis; longer articles fail with a clear reason).
    #[arg(long, env = "ALOUD_MAX_AUDIO_MINUTES", default_value_t = 180)]
    max_audio_minutes: u64,
    /// Whether espeak-ng's own basic voices read languages no neural voice speaks
    /// (false: such articles fail, saying so).
    #[arg(long, env = "ALOUD_BASIC_VOICES", default_value_t = true, action = clap::ArgAction::Set)]
    basic_voices: bool,
    /// Whether each narration is heard by the speech recognizer after it is published
    /// (English voices): sentences heard badly are taken again and a report lists the
    /// words that may be mispronounced (GET /v1/articles/{id}/check).
    #[arg(long, env = "ALOUD_CHECK", default_value_t = true, action = clap::ArgAction::Set)]
    check: bool,
}

/// The HTTP API's settings.
#[derive(clap::Args)]
struct ApiArgs {
    /// Address to listen on.
    #[arg(long, env = "ALOUD_LISTEN", default_value = "127.0.0.1:8080")]
    listen: std::net::SocketAddr,
    /// Write requests per minute per API key (counted by each API node).
    #[arg(long, env = "ALOUD_RATE_LIMIT", default_value_t = 60)]
    rate_limit: u32,
    /// The URL clients reach this server at, for links in feeds
    /// (default: http:// and the listening address).
    #[arg(long, env = "ALOUD_PUBLIC_URL")]
    public_url: Option<String>,
    /// Seconds between polls of each registered feed.
    #[arg(long, env = "ALOUD_FEED_POLL_SECS", default_value_t = 900)]
    feed_poll_secs: u64,
    /// Cover art URL shown by podcast apps for the feeds.
    #[arg(long, env = "ALOUD_FEED_IMAGE")]
    feed_image: Option<String>,
    /// Whether readers may submit links and text on the web page at / without an
    /// API key (rate-limited per address).
    #[arg(long, env = "ALOUD_WEB_SUBMIT", default_value_t = true, action = clap::ArgAction::Set)]
    web_submit: bool,
    /// Open connections at most; more wait to be accepted.
    #[arg(long, env = "ALOUD_MAX_CONNECTIONS", default_value_t = 512)]
    max_connections: usize,
    /// Seconds a client has to send a request's headers; an idle keep-alive
    /// connection is closed after as long.
    #[arg(long, env = "ALOUD_HEADER_TIMEOUT_SECS", default_value_t = 10)]
    header_timeout_secs: u64,
    /// Seconds a client has to send a request's body.
    #[arg(long, env = "ALOUD_BODY_TIMEOUT_SECS", default_value_t = 30)]
    body_timeout_secs: u64,
    /// The deployment's default voice, for articles submitted without one (an article
    /// in another language than this voice's is read by a voice of its language).
    #[arg(long, env = "ALOUD_VOICE", default_value = DEFAULT_NARRATION_VOICE)]
    voice: String,
    /// The default voice of the speech endpoint (`/v1/audio/speech` without a voice),
    /// where a client waits for the audio.
    #[arg(long, env = "ALOUD_SPEECH_VOICE", default_value = DEFAULT_VOICE)]
    speech_voice: String,
    /// Publishers' default voices, `publisher:voice` pairs, comma-separated
    /// (e.g. gazette:bf_emma,tribune:am_michael).
    #[arg(long, env = "ALOUD_PUBLISHER_VOICES", value_delimiter = ',')]
    publisher_voices: Vec<String>,
    /// Days a cached sentence is kept after it was last synthesized (0: for ever);
    /// the cache is swept hourly.
    #[arg(long, env = "ALOUD_CACHE_DAYS", default_value_t = 30)]
    cache_days: u64,
}

#[derive(Parser)]
struct ApiDefaults {
    #[command(flatten)]
    api: ApiArgs,
}

/// The server settings from the command line; `api` absent for a worker process.
fn server_config(
    state: &StateArgs,
    work: WorkArgs,
    api: Option<ApiArgs>,
) -> anyhow::Result<aloud_publish::ServeConfig> {
    let api = match api {
        Some(api) => api,
        // A worker serves no API: its settings stay at their defaults.
        None => ApiDefaults::parse_from(["aloud"]).api,
    };
    let publisher_voices = api
        .publisher_voices
        .iter()
        .filter(|pair| !pair.trim().is_empty())
        .map(|pair| {
            pair.split_once(':')
                .map(|(p, v)| (p.trim().to_string(), v.trim().to_string()))
                .with_context(|| {
                    format!("publisher_voices: expected publisher:voice, got {pair:?}")
                })
        })
        .collect::<anyhow::Result<_>>()?;
    let cores = aloud_voice::available_cores();
    let workers = work.workers.unwrap_or(1);
    let secs = std::time::Duration::from_secs;
    Ok(aloud_publish::ServeConfig {
        listen: api.listen,
        data_dir: state.data_dir(),
        database: state.database.clone(),
        storage: state.storage.clone(),
        assets_dir: aloud_voice::data_dir(),
        lexicon_dir: aloud_pipeline::lexicon_dir(),
        workers,
        plan: SessionPlan::for_streaming((cores / workers.max(1)).max(1)),
        lease: secs(work.lease_secs.max(1)),
        shutdown_grace: secs(work.shutdown_grace_secs),
        fetch_policy: aloud_extract::NetPolicy::public_only(work.fetch_allow),
        rate_limit_per_minute: api.rate_limit,
        public_url: api.public_url,
        feed_poll_interval: secs(api.feed_poll_secs.max(1)),
        feed_image: api.feed_image,
        web_submit: api.web_submit,
        max_audio: secs(work.max_audio_minutes.max(1) * 60),
        check: work.check,
        connections: aloud_publish::connections::ConnectionLimits {
            max_connections: api.max_connections.max(1),
            header_timeout: secs(api.header_timeout_secs.max(1)),
            body_timeout: secs(api.body_timeout_secs.max(1)),
            ..Default::default()
        },
        default_voice: api.voice,
        speech_voice: api.speech_voice,
        publisher_voices,
        basic_voices: work.basic_voices,
        cache_max_age: (api.cache_days > 0).then(|| secs(api.cache_days * 86_400)),
    })
}

/// Where audio goes and how it is made.
#[derive(clap::Args)]
struct AudioArgs {
    /// Audio file to write.
    #[arg(short, long)]
    output: PathBuf,
    /// mp3, opus or wav (default: from the output's extension).
    #[arg(long)]
    format: Option<String>,
    /// Voice name (see `aloud voices`; default: the article's language picks it,
    /// en_US-joe-medium for English).
    #[arg(long)]
    voice: Option<String>,
    /// Speaking rate: 1.0 is the voice's own pace, 1.25 a quarter faster.
    #[arg(long, default_value_t = 1.0)]
    speed: f32,
    /// Synthesis sessions, each with its own copy of the model (default: one, run by
    /// one single-threaded run per core, up to four). `--workers` is an older name for
    /// it (for `serve`, `--workers` counts articles narrated at once).
    #[arg(long, alias = "workers")]
    sessions: Option<usize>,
    /// Refuse inputs whose narration would run longer than this (estimated from the
    /// words and pauses before any audio is made; default 24 hours).
    #[arg(long, value_name = "MINUTES", default_value_t = 24 * 60)]
    max_audio_minutes: u64,
    /// No progress display.
    #[arg(short, long)]
    quiet: bool,
}

/// Which pronunciation rules apply besides the built-in and deployment ones.
#[derive(clap::Args, Clone)]
struct PronunciationArgs {
    /// A lexicon file (JSON or W3C PLS) for this text; repeatable, later files win.
    #[arg(long = "lexicon", value_name = "FILE")]
    lexicons: Vec<PathBuf>,
    /// Apply this publisher's lexicon (`publishers/<name>.json|.pls` in the lexicon
    /// directory, $ALOUD_LEXICON_DIR or <data dir>/lexicons).
    #[arg(long)]
    publisher: Option<String>,
}

impl PronunciationArgs {
    fn lexicon(&self) -> anyhow::Result<aloud_script::lexicon::Lexicon> {
        Ok(aloud_pipeline::load_lexicon(
            &aloud_pipeline::lexicon_dir(),
            self.publisher.as_deref(),
            &self.lexicons,
        )?)
    }
}

#[derive(Subcommand)]
enum LexiconCommand {
    /// Show which rule decides how WORD is said, what is said, and the phonemes.
    Test {
        word: String,
        #[command(flatten)]
        pronunciation: PronunciationArgs,
        /// Voice whose phonemizer to use.
        #[arg(long, default_value = DEFAULT_VOICE)]
        voice: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Create an API key and print it (shown once; only its hash is stored).
    Create {
        name: String,
        /// A publisher's own key: it submits, approves and sets settings for this
        /// publisher only (default: a deployment key, for any publisher).
        #[arg(long)]
        publisher: Option<String>,
        #[command(flatten)]
        state: StateArgs,
    },
    /// List the API keys: name, publisher, created, revoked (never the keys).
    List {
        #[command(flatten)]
        state: StateArgs,
    },
    /// Revoke the keys named NAME: they are refused from then on.
    Revoke {
        name: String,
        #[command(flatten)]
        state: StateArgs,
    },
}

/// The server's data directory: `--data`/`$ALOUD_DATA`, else `<XDG data>/aloud/server`.
fn server_data_dir(data: Option<PathBuf>) -> PathBuf {
    data.unwrap_or_else(|| aloud_voice::data_dir().join("server"))
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// Server settings a config file may hold, as `name = value` lines; each maps to the
/// environment variable `ALOUD_<NAME>`.
const CONFIG_KEYS: &[&str] = &[
    "listen",
    "data",
    "database",
    "storage",
    "workers",
    "lease_secs",
    "shutdown_grace_secs",
    "fetch_allow",
    "rate_limit",
    "public_url",
    "feed_poll_secs",
    "feed_image",
    "web_submit",
    "max_audio_minutes",
    "max_connections",
    "header_timeout_secs",
    "body_timeout_secs",
    "voice",
    "speech_voice",
    "publisher_voices",
    "basic_voices",
    "cache_days",
    "check",
];

/// Loads `--config FILE` (or `$ALOUD_CONFIG`) into the environment before the command
/// line is parsed, so precedence is: flags > environment > config file > defaults.
fn load_config_file() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let from_flag = args
        .iter()
        .position(|a| a == "--config")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .or_else(|| {
            args.iter()
                .find_map(|a| a.strip_prefix("--config=").map(str::to_string))
        });
    let Some(path) = from_flag.or_else(|| std::env::var("ALOUD_CONFIG").ok()) else {
        return Ok(());
    };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("cannot read config {path}"))?;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .with_context(|| format!("{path}:{}: expected `name = value`", n + 1))?;
        let key = key.trim();
        if !CONFIG_KEYS.contains(&key) {
            bail!(
                "{path}:{}: unknown setting {key:?} (known: {})",
                n + 1,
                CONFIG_KEYS.join(", ")
            );
        }
        let value = value.trim().trim_matches('"');
        let var = match key {
            "database" => "DATABASE_URL".to_string(),
            _ => format!("ALOUD_{}", key.to_ascii_uppercase()),
        };
        if std::env::var_os(&var).is_none() {
            // SAFETY: single-threaded here, before anything else runs.
            unsafe { std::env::set_var(var, value) };
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    if let Err(e) = load_config_file() {
        eprintln!("aloud: error: {e:#}");
        return ExitCode::FAILURE;
    }
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`aloud script … | head`) is the reader's choice, not a failure.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            let message = format!("{e:#}").replace('\n', " ");
            eprintln!("aloud: error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Narrate {
            input,
            audio,
            timings,
            vtt,
            word_vtt,
            read_captions,
            check,
            check_takes,
            pronunciation,
        } => {
            let options = ScriptOptions {
                read_captions,
                lexicon: std::sync::Arc::new(pronunciation.lexicon()?),
                language: None,
            };
            let outputs = TimingOutputs {
                json: timings,
                vtt,
                word_vtt,
            };
            let check = check.then_some(CheckOptions { takes: check_takes });
            narrate(audio, outputs, Favour::Throughput, check, move || {
                Ok(aloud_pipeline::script_for(&Input::parse(&input), options)?.1)
            })
        }
        Command::Say {
            text,
            audio,
            pronunciation,
        } => {
            let text = if text == "-" {
                std::io::read_to_string(std::io::stdin().lock())
                    .context("cannot read standard input")?
            } else {
                text
            };
            // Text said by a voice of another language is in that language.
            let language = audio
                .voice
                .as_deref()
                .and_then(|name| aloud_voice::find_voice(&aloud_voice::data_dir(), name).ok())
                .map(|v| v.language);
            let options = ScriptOptions {
                lexicon: std::sync::Arc::new(pronunciation.lexicon()?),
                language,
                ..Default::default()
            };
            // An audition is usually a sentence or two: better one run on every core.
            narrate(
                audio,
                TimingOutputs::default(),
                Favour::Latency,
                None,
                move || Ok(aloud_pipeline::script_for_text(&text, options)?),
            )
        }
        Command::Lexicon {
            command:
                LexiconCommand::Test {
                    word,
                    pronunciation,
                    voice,
                },
        } => {
            let lexicon = pronunciation.lexicon()?;
            let voice = aloud_voice::Voice::load(aloud_voice::find_voice(
                &aloud_voice::data_dir(),
                &voice,
            )?)?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "word:     {word}")?;
            match lexicon.lookup(&word) {
                Some(rule) => {
                    let say = match &rule.say {
                        aloud_script::lexicon::Say::Alias(a) => format!("alias {a:?}"),
                        aloud_script::lexicon::Say::Phonemes(p) => format!("ipa /{p}/"),
                    };
                    writeln!(
                        out,
                        "rule:     {} ({}): {} → {say}",
                        rule.scope.as_str(),
                        rule.origin,
                        rule.written.describe()
                    )?;
                }
                None => writeln!(out, "rule:     none (the normalizer and espeak-ng decide)")?,
            }
            let spoken = lexicon.speak(&word);
            writeln!(out, "spoken:   {spoken}")?;
            writeln!(out, "phonemes: {}", voice.phonemize(&spoken)?)?;
            Ok(())
        }
        Command::Script {
            input,
            json,
            read_captions,
            pronunciation,
        } => {
            let options = ScriptOptions {
                read_captions,
                lexicon: std::sync::Arc::new(pronunciation.lexicon()?),
                language: None,
            };
            let (_, script) = aloud_pipeline::script_for(&Input::parse(&input), options)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &script)?;
                writeln!(out)?;
            } else {
                out.write_all(script.spoken_lines().as_bytes())?;
            }
            Ok(())
        }
        Command::Extract { input, json } => {
            let document = aloud_extract::load(&Input::parse(&input))?;
            let article = aloud_extract::extract(&document)?;
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &article)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", article.text())?;
            }
            Ok(())
        }
        Command::Normalize => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for line in std::io::stdin().lock().lines() {
                writeln!(out, "{}", aloud_script::normalize::normalize(&line?))?;
            }
            out.flush()?;
            Ok(())
        }
        Command::Serve {
            config: _,
            state,
            work,
            api,
        } => {
            let config = server_config(&state, work, Some(api))?;
            aloud_publish::logging::init();
            runtime()?.block_on(aloud_publish::serve(config))
        }
        Command::Worker {
            config: _,
            state,
            work,
            metrics_listen,
        } => {
            let config = server_config(&state, work, None)?;
            aloud_publish::logging::init();
            runtime()?.block_on(aloud_publish::work(config, metrics_listen))
        }
        Command::Migrate { state } => {
            let url = state.database_url();
            let applied = runtime()?.block_on(aloud_publish::migrate(&url))?;
            if applied.is_empty() {
                eprintln!("aloud: the database is up to date");
            } else {
                let versions: Vec<String> = applied.iter().map(i64::to_string).collect();
                eprintln!("aloud: applied migrations {}", versions.join(", "));
            }
            Ok(())
        }
        Command::Keys {
            command:
                KeysCommand::Create {
                    name,
                    publisher,
                    state,
                },
        } => {
            let key = runtime()?.block_on(aloud_publish::create_key(
                &state.database_url(),
                &name,
                publisher.as_deref(),
            ))?;
            println!("{key}");
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::List { state },
        } => {
            let keys = runtime()?.block_on(aloud_publish::list_keys(&state.database_url()))?;
            let mut out = std::io::stdout().lock();
            for k in keys {
                writeln!(
                    out,
                    "{}\t{}\tcreated {}\t{}",
                    k.name,
                    k.publisher.as_deref().unwrap_or("(any publisher)"),
                    k.created_at,
                    k.revoked_at
                        .map_or("valid".to_string(), |at| format!("revoked {at}"))
                )?;
            }
            Ok(())
        }
        Command::Keys {
            command: KeysCommand::Revoke { name, state },
        } => {
            let n =
                runtime()?.block_on(aloud_publish::revoke_keys(&state.database_url(), &name))?;
            eprintln!("aloud: revoked {n} key(s) named {name:?}");
            Ok(())
        }
        Command::Voices {
            json,
            measure,
            names,
        } => list_voices(json, measure, &names),
    }
}

/// `aloud voices`: the installed voices, each with its measured speed where known;
/// with `measure`, measures the voices named (or all) first.
fn list_voices(json: bool, measure: bool, names: &[String]) -> anyhow::Result<()> {
    use aloud_pipeline::voice_speed;
    let data_dir = aloud_voice::data_dir();
    let voices = aloud_voice::installed_voices(&data_dir)?;
    if voices.is_empty() {
        bail!(
            "no voices installed in {} (run scripts/setup.sh)",
            data_dir.display()
        );
    }
    if !measure && !names.is_empty() {
        bail!("voice names are for --measure");
    }
    if measure {
        let chosen: Vec<aloud_voice::VoiceInfo> = if names.is_empty() {
            voices.clone()
        } else {
            names
                .iter()
                .map(|n| aloud_voice::find_voice(&data_dir, n))
                .collect::<Result<_, _>>()?
        };
        let plan = SessionPlan::for_cores(aloud_voice::available_cores());
        let total = chosen.len();
        for (i, info) in chosen.into_iter().enumerate() {
            let name = info.name.clone();
            let speed = voice_speed::measure_speed(info, &data_dir, plan)
                .with_context(|| format!("measuring {name}"))?;
            eprintln!(
                "[{}/{}] {name}: {:.3} s of synthesis per second of speech",
                i + 1,
                total,
                speed.realtime_factor
            );
        }
    }
    let speeds = voice_speed::measured_speeds(&data_dir);
    let mut out = std::io::stdout().lock();
    if json {
        let listed: Vec<serde_json::Value> = voices
            .iter()
            .map(|v| {
                let mut value = serde_json::to_value(v).expect("voices serialize");
                value["accent"] = serde_json::json!(aloud_voice::accent(&v.language));
                value["speed"] = serde_json::json!(speeds.get(&v.name));
                value["word_timings"] = serde_json::json!(v.engine.times_words());
                value
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &listed)?;
        writeln!(out)?;
        return Ok(());
    }
    for v in voices {
        let engine = match v.engine {
            aloud_voice::Engine::Piper => "piper",
            aloud_voice::Engine::Kokoro => "kokoro",
            aloud_voice::Engine::Espeak => "espeak",
        };
        let speed = speeds
            .get(&v.name)
            .map(|s| format!("RTF {:.3} ({} cores)", s.realtime_factor, s.cores))
            .unwrap_or_else(|| "not measured".into());
        let timings = if v.engine.times_words() {
            "word timings"
        } else {
            "sentence timings"
        };
        writeln!(
            out,
            "{}\t{engine}\t{}\t{}\t{}\t{} Hz\t{}\t{timings}\t{speed}",
            v.name,
            v.language,
            aloud_voice::accent(&v.language).unwrap_or("-"),
            v.gender.as_deref().unwrap_or("-"),
            v.sample_rate,
            v.quality
        )?;
    }
    Ok(())
}

/// Narrates the script `make_script` builds into `audio.output` (and timings and
/// captions), loading the voice meanwhile.
/// The voice that reads `script`: the one named, if it speaks the article's language
/// (an English voice for a Spanish page is refused, not mumbled); else the voice for
/// the article's language (`aloud_voice::voice_for_language`), the default voice for
/// English or no stated language.
fn voice_for_script(
    data_dir: &Path,
    named: Option<aloud_voice::VoiceInfo>,
    script: &aloud_script::Script,
) -> anyhow::Result<aloud_voice::VoiceInfo> {
    let language = script
        .meta
        .language
        .as_deref()
        .filter(|l| !l.trim().is_empty());
    match (named, language) {
        (Some(voice), Some(lang)) if !aloud_voice::same_language(lang, &voice.language) => bail!(
            "voice {} speaks {}, but the article is in {lang}; name a voice of that language (see `aloud voices`) or none",
            voice.name,
            voice.language
        ),
        (Some(voice), _) => Ok(voice),
        (None, Some(lang)) if !aloud_script::is_english(Some(lang)) => {
            let voices = aloud_voice::installed_voices(data_dir)?;
            aloud_voice::voice_for_language(&voices, lang)
                .cloned()
                .with_context(|| {
                    format!("no voice installed for the article's language {lang:?} (see `aloud voices`)")
                })
        }
        (None, _) => Ok(aloud_voice::find_voice(data_dir, DEFAULT_VOICE)?),
    }
}

/// What the synthesis plan favours (see `SessionPlan::for_cores` and `for_streaming`).
#[derive(Clone, Copy)]
enum Favour {
    /// A whole article: single-threaded runs side by side.
    Throughput,
    /// A short text: a lone utterance gets every core.
    Latency,
}

/// Where a narration's timings go besides the audio.
#[derive(Default)]
struct TimingOutputs {
    json: Option<PathBuf>,
    vtt: Option<PathBuf>,
    word_vtt: Option<PathBuf>,
}

/// How a narration is checked (`narrate --check`).
struct CheckOptions {
    /// Where to keep every take of the sentences the check questioned.
    takes: Option<PathBuf>,
}

/// Narrates the script `make_script` gives into the audio file and timing outputs;
/// with `check`, every sentence is heard ([`aloud_check`]) and a summary printed.
fn narrate(
    audio: AudioArgs,
    outputs: TimingOutputs,
    favour: Favour,
    check: Option<CheckOptions>,
    make_script: impl FnOnce() -> anyhow::Result<aloud_script::Script>,
) -> anyhow::Result<()> {
    let AudioArgs {
        output,
        format,
        voice,
        speed,
        sessions,
        max_audio_minutes,
        quiet,
    } = audio;
    let format = match format.as_deref() {
        Some(name) => Format::parse(name)
            .with_context(|| format!("unknown format {name:?} (use mp3, opus or wav)"))?,
        None => output
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::parse)
            .with_context(|| {
                format!(
                    "cannot tell the format of {} (use --format mp3|opus|wav)",
                    output.display()
                )
            })?,
    };
    if !aloud_voice::SPEED_RANGE.contains(&speed) || speed.is_nan() {
        bail!("speed {speed} is out of range (0.25 to 4.0)");
    }
    let data_dir = aloud_voice::data_dir();
    // A named voice is found, and loaded while the input is read; without one, the
    // article's language picks it once the script is built.
    let named = voice
        .as_deref()
        .map(|name| aloud_voice::find_voice(&data_dir, name))
        .transpose()?;
    // Claim every output before any work, so a bad path fails fast.
    let audio_file = AtomicFile::create(&output)?;
    let claim = |path: &Option<PathBuf>| path.as_deref().map(AtomicFile::create).transpose();
    let timings_file = claim(&outputs.json)?;
    let vtt_file = claim(&outputs.vtt)?;
    let word_vtt_file = claim(&outputs.word_vtt)?;

    let cores = aloud_voice::available_cores();
    let plan = match (sessions, favour) {
        (Some(n), _) => SessionPlan::with_sessions(n, cores),
        (None, Favour::Throughput) => SessionPlan::for_cores(cores),
        (None, Favour::Latency) => SessionPlan::for_streaming(cores),
    };
    // Loading the voice (~0.2 s, single-threaded) overlaps reading the input,
    // which for a URL is a network round trip. On an input error the loader is
    // still joined: exiting while ONNX Runtime initializes on another thread makes
    // it print registration errors.
    let loader = named.clone().map(|info| {
        let data_dir = data_dir.clone();
        std::thread::spawn(move || Narrator::load(info, &data_dir, plan))
    });
    let max_audio = std::time::Duration::from_secs(max_audio_minutes.saturating_mul(60));
    let chosen = make_script()
        .and_then(|s| Ok(aloud_pipeline::check_duration(&s, speed, max_audio).map(|()| s)?))
        .and_then(|script| {
            let info = voice_for_script(&data_dir, named, &script)?;
            Ok((script, info))
        });
    let (script, voice_info) = match chosen {
        Ok(chosen) => chosen,
        Err(e) => {
            if let Some(loader) = loader {
                let _ = loader.join();
            }
            return Err(e);
        }
    };
    let show = !quiet && std::io::stderr().is_terminal();
    let bar = progress_bar(show, script.utterances.len());
    let language = voice_info.language.clone();
    let mut narrator = match loader {
        Some(loader) => loader.join().expect("voice loader panicked")?,
        None => Narrator::load(voice_info, &data_dir, plan)?,
    };
    if let Some(check) = &check {
        // It hears each sentence on one thread while the voice makes the next ones on
        // every core: on the 455-second page of bench/check.sh, --check took 40.8–48.8 s
        // (median 42.9, 5 runs) so, against 45.4–48.9 s (3 runs) with a thread per core.
        let checker =
            aloud_check::Checker::load(&data_dir, &language, 1).context("--check cannot run")?;
        narrator = narrator.with_checker(checker);
        if let Some(dir) = &check.takes {
            let log = aloud_pipeline::check::TakeLog::new(dir, narrator.voice().sample_rate())
                .with_context(|| format!("cannot write takes into {}", dir.display()))?;
            narrator = narrator.with_take_log(log);
        }
    }
    // The audio waits on disk until it is encoded, so memory stays bounded for any length.
    let (narration, timing) = narrator.narrate_spooled(&script, speed, |p| {
        bar.set_position(p.done as u64);
        bar.set_message(format!(
            "{:.0} s audio, {:.1}× real time",
            p.audio_secs,
            p.audio_secs / p.elapsed_secs.max(1e-3)
        ));
    })?;
    bar.finish_and_clear();
    let mut audio_file = audio_file;
    narration.encode_to(audio_file.writer(), format)?;
    audio_file.commit_written()?;
    if let Some(file) = timings_file {
        file.commit(timing.to_json().as_bytes())?;
    }
    if let Some(file) = vtt_file {
        file.commit(timing.to_vtt().as_bytes())?;
    }
    if let Some(file) = word_vtt_file {
        file.commit(timing.to_word_vtt().as_bytes())?;
    }
    if !quiet {
        eprintln!(
            "aloud: wrote {} ({:.1} s of audio, {} utterances)",
            output.display(),
            narration.duration_secs(),
            script.utterances.len()
        );
        if check.is_some() {
            eprintln!(
                "aloud: {}",
                aloud_pipeline::check::CheckSummary::of(&timing).describe()
            );
        }
    }
    Ok(())
}

fn progress_bar(show: bool, total: usize) -> indicatif::ProgressBar {
    if !show {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} sentences [{bar:30}] {msg}")
            .expect("static template")
            .progress_chars("=> "),
    );
    bar.set_message("loading the voice");
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}
