// kafkajs 2.2.4 sets a negative timer on Node 24 (harmless: Node clamps it to 1 ms and warns).
// Hide exactly that warning; every other warning is still printed.
process.removeAllListeners("warning")
process.on("warning", (w) => {
  if (w.name !== "TimeoutNegativeWarning") console.warn(`${w.name}: ${w.message}`)
})
