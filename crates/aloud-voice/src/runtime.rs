//! ONNX Runtime, shared by the voice engines: the library loaded once per process, and
//! one run of a session called through the C API so that several threads may run the
//! same session at once (see [`run_floats`]).

use std::ffi::{c_char, CStr, CString};
use std::path::Path;
use std::sync::OnceLock;

use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::DynValue;
use ort::AsPointer;

use crate::piper::{ModelSource, SessionThreads};
use crate::VoiceError;

static ENVIRONMENT: OnceLock<Result<ort::environment::Environment, String>> = OnceLock::new();

/// Loads ONNX Runtime from `library` once per process.
pub(crate) fn environment(
    library: &Path,
) -> Result<&'static ort::environment::Environment, VoiceError> {
    ENVIRONMENT
        .get_or_init(|| {
            if !library.is_file() {
                return Err(format!(
                    "ONNX Runtime library not found at {} (run scripts/setup.sh, or set ORT_DYLIB_PATH)",
                    library.display()
                ));
            }
            ort::init_from(library)
                .map_err(|e| format!("cannot load ONNX Runtime from {}: {e}", library.display()))?
                .with_name("aloud")
                .build()
                .map_err(|e| format!("cannot start ONNX Runtime: {e}"))
        })
        .as_ref()
        .map_err(|e| VoiceError::Runtime(e.clone()))
}

/// Opens a CPU session on `model` for either engine: full graph optimization for the
/// model itself, none for a graph ONNX Runtime optimized earlier (`source`), the saved
/// graph written to `save_optimized` if given, `threads` intra-op threads, no memory
/// patterns, and static memory-reuse planning off where the runtime is recognized (the
/// second value says whether it still plans); `extra_output`, a tensor inside the
/// graph, declared as an output too ([`declare_output`]). `err` words a failure.
pub(crate) fn open_session(
    library: &Path,
    model: &Path,
    threads: SessionThreads,
    source: ModelSource,
    save_optimized: Option<&Path>,
    extra_output: Option<&str>,
    err: impl Fn(String) -> VoiceError,
) -> Result<(Session, bool), VoiceError> {
    let env = environment(library)?;
    let level = match source {
        ModelSource::Original => GraphOptimizationLevel::All,
        ModelSource::Optimized => GraphOptimizationLevel::Disable,
    };
    let mut builder = Session::builder(env)
        .map_err(|e| err(e.to_string()))?
        .with_optimization_level(level)
        .map_err(|e| err(e.to_string()))?
        .with_intra_threads(threads.intra.max(1))
        .map_err(|e| err(e.to_string()))?
        .with_intra_op_spinning(threads.spin)
        .map_err(|e| err(e.to_string()))?
        .with_inter_threads(1)
        .map_err(|e| err(e.to_string()))?;
    if let Some(path) = save_optimized {
        // ONNX Runtime warns that a saved graph with this CPU's layout suits only this
        // CPU; the cache key already says so, so only errors are logged.
        builder = builder
            .with_optimized_model_path(path)
            .map_err(|e| err(e.to_string()))?
            .with_log_level(ort::logging::LogLevel::Error)
            .map_err(|e| err(e.to_string()))?;
    }
    // Before memory patterns are turned off: the probe toggles them and expects the
    // default layout. SAFETY: the pointer is the builder's live OrtSessionOptions, used
    // only here before the session is created.
    let memory_reuse_planning = !unsafe { disable_memory_reuse_planning(builder.ptr_mut()) };
    // Memory patterns pre-allocate a run's buffers from an earlier run with the same
    // input shapes; utterances never repeat a shape, and with two runs at once the
    // peak measured 419–438 MB without patterns against 437–525 MB with them (Piper).
    let mut session = builder
        .with_memory_pattern(false)
        .map_err(|e| err(e.to_string()))?;
    let session = match extra_output {
        // The cached optimized graph was saved with the output declared.
        Some(name) if source == ModelSource::Original => {
            let bytes = std::fs::read(model).map_err(|e| VoiceError::Io(model.to_path_buf(), e))?;
            // A graph without that tensor (another export) still speaks, without it.
            session
                .commit_from_memory(&declare_output(bytes, name))
                .or_else(|_| session.commit_from_file(model))
        }
        _ => session.commit_from_file(model),
    }
    .map_err(|e| err(e.to_string()))?;
    Ok((session, memory_reuse_planning))
}

/// A voice session's outputs to run: its float audio output, then `durations` where
/// the session declares it ([`declare_output`]); `engine` names the model kind in the
/// error for anything else.
pub(crate) fn audio_outputs(
    session: &Session,
    durations: &str,
    engine: &str,
    err: impl Fn(String) -> VoiceError,
) -> Result<Vec<CString>, VoiceError> {
    let floats: Vec<&str> = session
        .outputs()
        .iter()
        .filter(|o| o.dtype().tensor_type() == Some(ort::value::TensorElementType::Float32))
        .map(|o| o.name())
        .collect();
    let names = match floats[..] {
        [audio] => vec![audio],
        [audio, d] if d == durations => vec![audio, d],
        _ => {
            return Err(err(format!(
                "not a {engine} model: expected one float output"
            )))
        }
    };
    names
        .into_iter()
        .map(|n| CString::new(n).map_err(|e| err(e.to_string())))
        .collect()
}

/// Runs `session` on `inputs` (named `input_names`, in order) and returns its float
/// outputs `output_names`, in that order.
///
/// Calls ONNX Runtime's `Run` directly rather than `ort::Session::run`, which takes
/// `&mut self` and so allows one run per session at a time. ONNX Runtime documents
/// concurrent `Run` calls on one session as supported; the `ort` maintainers doubt it
/// for GPU execution providers. These sessions are CPU-only, and concurrent runs are
/// what lets two single-threaded runs share one copy of the weights (docs/
/// ARCHITECTURE.md, "Speed"). Inputs are owned by the caller for the call, outputs are
/// freshly allocated by ONNX Runtime and released here, so runs share nothing but the
/// session.
pub(crate) fn run_floats(
    session: &Session,
    input_names: &[CString],
    inputs: &[DynValue],
    output_names: &[CString],
) -> Result<Vec<Vec<f32>>, VoiceError> {
    let names: Vec<*const c_char> = input_names.iter().map(|n| n.as_ptr()).collect();
    let values: Vec<*const ort::sys::OrtValue> = inputs.iter().map(|v| v.ptr()).collect();
    let outputs: Vec<*const c_char> = output_names.iter().map(|n| n.as_ptr()).collect();
    let mut produced: Vec<*mut ort::sys::OrtValue> = vec![std::ptr::null_mut(); outputs.len()];
    let api = ort::api();
    // SAFETY: every pointer is live for the call (names and values are borrowed from
    // the caller, the session too); `produced` receives new values owned by this
    // function, each released below.
    unsafe {
        check((api.Run)(
            session.ptr().cast_mut(),
            std::ptr::null(),
            names.as_ptr(),
            values.as_ptr(),
            values.len(),
            outputs.as_ptr(),
            outputs.len(),
            produced.as_mut_ptr(),
        ))?;
        let floats = produced.iter().map(|&value| read_floats(value)).collect();
        for value in produced {
            (api.ReleaseValue)(value);
        }
        floats
    }
}

/// `model` (ONNX protobuf bytes) with `output`, a tensor its graph computes, declared
/// as one more graph output, so that a run can return it beside the audio. Protobuf
/// merges a repeated field's entries from every occurrence, so appending
/// `graph (field 7) { output (field 12) { name (field 1) } }` to the file adds it
/// without rewriting anything (upstream Piper patches its voices the same way). A
/// model that declares it already is returned as it is.
pub(crate) fn declare_output(mut model: Vec<u8>, output: &str) -> Vec<u8> {
    let value_info = length_delimited(1, output.as_bytes());
    if declares_output(&model, &value_info) {
        return model;
    }
    let graph = length_delimited(12, &value_info);
    model.extend(length_delimited(7, &graph));
    model
}

/// Whether `model` holds a graph output entry (field 12) starting with `value_info`
/// (the output's name field).
fn declares_output(model: &[u8], value_info: &[u8]) -> bool {
    model
        .windows(value_info.len())
        .enumerate()
        .filter(|(_, window)| *window == value_info)
        .any(|(at, _)| {
            // The entry's tag and its length (a varint of one to three bytes) come
            // just before.
            (2..=4).any(|back| at >= back && model[at - back] == (12 << 3 | 2))
        })
}

/// A protobuf length-delimited field: tag, varint length, bytes.
fn length_delimited(field: u8, bytes: &[u8]) -> Vec<u8> {
    let mut out = vec![field << 3 | 2];
    let mut len = bytes.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    }
    out.extend_from_slice(bytes);
    out
}

/// Turns a status from the C API into a result, releasing it.
unsafe fn check(status: ort::sys::OrtStatusPtr) -> Result<(), VoiceError> {
    if status.0.is_null() {
        return Ok(());
    }
    let api = ort::api();
    let message = unsafe { CStr::from_ptr((api.GetErrorMessage)(status.0)) }
        .to_string_lossy()
        .into_owned();
    unsafe { (api.ReleaseStatus)(status.0) };
    Err(VoiceError::Runtime(format!("inference failed: {message}")))
}

/// Copies a float tensor's elements out of `value`.
unsafe fn read_floats(value: *mut ort::sys::OrtValue) -> Result<Vec<f32>, VoiceError> {
    let api = ort::api();
    let mut info: *mut ort::sys::OrtTensorTypeAndShapeInfo = std::ptr::null_mut();
    unsafe { check((api.GetTensorTypeAndShape)(value, &mut info))? };
    let mut count = 0usize;
    let counted = unsafe { check((api.GetTensorShapeElementCount)(info, &mut count)) };
    unsafe { (api.ReleaseTensorTypeAndShapeInfo)(info) };
    counted?;
    if count == 0 {
        return Ok(Vec::new());
    }
    let mut data: *mut std::ffi::c_void = std::ptr::null_mut();
    unsafe { check((api.GetTensorMutableData)(value, &mut data))? };
    // SAFETY: the output was checked to be a float tensor at load; `count` elements.
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<f32>(), count) }.to_vec())
}

/// Turns off ONNX Runtime's static memory-reuse planning (`enable_mem_reuse`, on by
/// default), returning whether it did. Measured on this voice (docs/ARCHITECTURE.md,
/// "Speed"): with 1.31.1 the planner's search for reusable buffers takes ~1 s of the
/// ~1.5 s session creation (2,524 nodes with symbolic shapes, each compared against a
/// growing free list), while inference is no slower and peak memory no higher without
/// it, because the CPU arena reuses freed blocks at run time anyway.
///
/// Python exposes this switch (`SessionOptions.enable_mem_reuse`); the C API has no
/// setter, so the flag is found by probing: `DisableMemPattern` and `DisableCpuMemArena`
/// each clear exactly one byte of the options object, and `enable_mem_reuse` is the one
/// `bool` declared between those two. Only when the probe finds exactly that layout
/// (pattern at `p`, arena at `p + 2`, a `true` byte at `p + 1`) is that byte cleared;
/// anything else (another ONNX Runtime build) leaves the options as they were, costing
/// only the slower start.
///
/// # Safety
/// `options` must point to a live `OrtSessionOptions` not used by another thread.
unsafe fn disable_memory_reuse_planning(options: *mut ort::sys::OrtSessionOptions) -> bool {
    // The fields sit near the start of `onnxruntime::SessionOptions` (a struct of
    // several hundred bytes), so a short window covers them.
    const WINDOW: usize = 128;
    let bytes = options.cast::<u8>();
    let snapshot = || -> [u8; WINDOW] {
        std::array::from_fn(|i| unsafe { std::ptr::read_volatile(bytes.add(i)) })
    };
    let api = ort::api();
    let call = |f: unsafe extern "system" fn(
        *mut ort::sys::OrtSessionOptions,
    ) -> ort::sys::OrtStatusPtr| unsafe { check(f(options)) }.is_ok();
    let original = snapshot();
    // The one byte `disable` clears (and `enable` sets again), if it is exactly one.
    let flag_at = |disable, enable| -> Option<usize> {
        if !call(disable) {
            return None;
        }
        let disabled = snapshot();
        if !call(enable) || snapshot() != original {
            return None;
        }
        let changed: Vec<usize> = (0..WINDOW)
            .filter(|&i| original[i] != disabled[i])
            .collect();
        match changed[..] {
            [i] if original[i] == 1 && disabled[i] == 0 => Some(i),
            _ => None,
        }
    };
    let pattern_at = flag_at(api.DisableMemPattern, api.EnableMemPattern);
    let arena_at = flag_at(api.DisableCpuMemArena, api.EnableCpuMemArena);
    match (pattern_at, arena_at) {
        (Some(p), Some(a)) if a == p + 2 && original[p + 1] == 1 => {
            unsafe { std::ptr::write_volatile(bytes.add(p + 1), 0) };
            true
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_declared_once_in_the_graph_field() {
        let model = vec![0x08, 0x07]; // ir_version 7
        let patched = declare_output(model.clone(), "/Ceil_output_0");
        // graph { output { name: "/Ceil_output_0" } }: 20 bytes for this name.
        assert_eq!(patched.len(), model.len() + 20);
        assert_eq!(&patched[2..6], &[7 << 3 | 2, 18, 12 << 3 | 2, 16]);
        assert_eq!(&patched[6..8], &[1 << 3 | 2, 14]);
        assert_eq!(&patched[8..], b"/Ceil_output_0");
        // Already declared: unchanged.
        assert_eq!(declare_output(patched.clone(), "/Ceil_output_0"), patched);
        // A long name takes a two-byte length.
        let long = "x".repeat(200);
        let patched = declare_output(Vec::new(), &long);
        assert_eq!(&patched[..2], &[7 << 3 | 2, 206]);
        assert_eq!(declare_output(patched.clone(), &long), patched);
    }
}
