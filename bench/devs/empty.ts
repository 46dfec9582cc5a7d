// The smallest DeviceScript program: the baseline for bytecode sizes (what any program costs).
console.log("empty")
