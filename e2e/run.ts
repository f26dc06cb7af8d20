// Browser tests land with the dashboard (issue 5).
console.log("e2e: no browser specs yet");
