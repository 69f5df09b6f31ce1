//! Mixed volume of a DLN gradient system or a PHCpack/Bertini file, timed.
//!
//! `cargo run --release -p polytope --example mv -- 2,2,2,2 1 [--affine]`
//! `cargo run --release -p polytope --example mv -- FILE [--affine]`

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let affine = args.iter().any(|a| a == "--affine");
    let supports = if args[0].contains(',') {
        let widths: Vec<usize> = args[0].split(',').map(|w| w.parse().unwrap()).collect();
        let m: usize = args[1].parse().unwrap();
        let net = dln::Network::new(widths).unwrap();
        let inst = dln::Instance::random(&net, m, 1, 1.0).unwrap();
        dln::gradient_system(&inst, dln::Regularization::Linear).supports()
    } else {
        let text = std::fs::read_to_string(&args[0]).unwrap();
        poly::parse_system(&text).unwrap().supports()
    };
    let supports = if affine {
        polytope::with_origin(&supports)
    } else {
        supports
    };
    let t = std::time::Instant::now();
    let (mv, cells) =
        polytope::mixed_volume_and_cell_count(&supports, polytope::DEFAULT_SEED).unwrap();
    println!(
        "n={} mv={mv} cells={cells} seconds={:.3}",
        supports.len(),
        t.elapsed().as_secs_f64()
    );
}
