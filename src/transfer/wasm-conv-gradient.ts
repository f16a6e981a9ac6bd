// Registered by the wasm-gradient work (issue 3); intentionally empty until then.
