//! Timing helper: `cargo run --release -p polytope --example mv_timing -- SYSTEM [SEED]`
//! with SYSTEM `cyclicN` or `dlnW1,W2,...` (m = 1, torus) or `dlnaW1,...` (C^N).
//! Prints the mixed volume, the cell count and the seconds (set `POLYTOPE_STEPS=1`
//! for the node counts).

use dln::{gradient_system, Instance, Network, Regularization};
use polytope::{mixed_volume_and_cell_count, with_origin};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(name) = args.get(1) else {
        eprintln!("usage: mv_timing cyclicN | dlnW1,W2,.. | dlnaW1,W2,.. [SEED]");
        std::process::exit(2);
    };
    let seed = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(polytope::DEFAULT_SEED);
    let supports = if let Some(n) = name.strip_prefix("cyclic") {
        polytope::cyclic_supports(n.parse().expect("cyclic size"))
    } else if let Some(w) = name.strip_prefix("dln") {
        let (affine, w) = match w.strip_prefix('a') {
            Some(w) => (true, w),
            None => (false, w),
        };
        let widths: Vec<usize> = w.split(',').map(|x| x.parse().expect("width")).collect();
        let net = Network::new(widths).expect("network");
        let inst = Instance::random(&net, 1, 7, 1.0).expect("instance");
        let s = gradient_system(&inst, Regularization::Linear).supports();
        if affine {
            with_origin(&s)
        } else {
            s
        }
    } else {
        eprintln!("unknown system {name}");
        std::process::exit(2);
    };
    let t = std::time::Instant::now();
    let (mv, cells) = mixed_volume_and_cell_count(&supports, seed).expect("mixed volume");
    println!(
        "{name} seed {seed}: MV {mv}, {cells} cells, {:.3} s",
        t.elapsed().as_secs_f64()
    );
}
