// The load client of benchmarks/compare.py: phones and a projector with the official socket.io-client (the
// package the phone page ships) over WebSocket, against any server that speaks docs/protocol.md.
//
//   node load.mjs plan.json
//
// plan.json: {"urls" (phone i connects to urls[i % urls.length], the projector to the last), "code", "cookie" (a facilitator's login cookie, or null), "phones", "join_seconds",
//   "seed", "profile": {...}, "consent": true, "settle_seconds", "bursts": [{"name", "question", "slide",
//   "answers", "seconds"}]}
// Prints one JSON object a line: {"event": "phase", "name": ..., "at": ms} as the phases start and end (the
// caller samples the server's CPU and memory then) and last {"event": "result", ...}.
// Joins: phone i connects at i * join_seconds / phones, then sends join and profile; its join latency is from
// the start of its connection to the profile's ack. Bursts: the projector shows and opens the question;
// `answers` phones each answer once at a uniformly random moment within `seconds` of the open's ack; ack
// latency is send to ack (the servers ack after the commit). Vote-to-projector: the k-th acknowledged answer
// counts as shown once a `results` view says responses >= k (as benchmarks/load.py).

import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";

const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const TIMEOUT = 1000 * (plan.settle_seconds ?? 60);
const say = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);
const phase = (name) => say({ event: "phase", name, at: performance.now() });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function random(seed) { // mulberry32: the same plan and seed give the same moments and choices
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = random(plan.seed ?? 1);

function percentiles(values) {
  if (!values.length) return { n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  const round = (x) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1)) };
}

function connect(namespace, headers, url = plan.urls.at(-1)) {
  return io(url + namespace, { transports: ["websocket"], forceNew: true, reconnection: false,
    query: namespace === "/participant" ? { code: plan.code } : {}, extraHeaders: headers ?? {}, timeout: TIMEOUT });
}

const call = (socket, event, data) => new Promise((resolve) => {
  socket.timeout(TIMEOUT).emit(event, data, (error, ack) => resolve(error ? { ok: false, error: "no ack" } : ack));
});

// The projector: keeps every view with its arrival time.
const views = [];
const projector = connect("/facilitator", plan.cookie ? { cookie: plan.cookie } : {});
projector.on("results", (view) => views.push({ at: performance.now(), responses: view.responses, connected: view.connected }));
await new Promise((resolve, reject) => {
  projector.on("connect", resolve);
  projector.on("connect_error", (error) => reject(new Error(`projector: ${error.message}`)));
});
const watched = await call(projector, "watch", { code: plan.code, role: "present" });
if (!watched.ok) throw new Error(`watch: ${JSON.stringify(watched)}`);

async function until(test, ms) {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (test()) return true;
    await sleep(20);
  }
  return false;
}

// Joins --------------------------------------------------------------------------------------------------------
const phones = [];
const joinLatency = [];
const joinErrors = {};
phase("join-start");
const joinStarted = performance.now();
await Promise.all(Array.from({ length: plan.phones }, async (_, i) => {
  await sleep((i * 1000 * plan.join_seconds) / plan.phones);
  const started = performance.now();
  const socket = connect("/participant", {}, plan.urls[i % plan.urls.length]);
  const ok = await new Promise((resolve) => {
    socket.on("connect", () => resolve(true));
    socket.on("connect_error", (error) => resolve(error.message));
  });
  let ack = ok === true ? await call(socket, "join", { code: plan.code, token: randomBytes(16).toString("hex") }) : { error: ok };
  if (ack.ok && ack.needs.length) ack = await call(socket, "profile", { answers: plan.profile, consent: true });
  if (!ack.ok) {
    joinErrors[ack.error] = (joinErrors[ack.error] ?? 0) + 1;
    socket.close();
    return;
  }
  joinLatency.push(performance.now() - started);
  phones.push(socket);
}));
const joinSeconds = (performance.now() - joinStarted) / 1000;
await until(() => views.length && views.at(-1).connected >= phones.length, 10000);
phase("join-end");
await sleep(3000); // the caller samples the server's memory with every phone connected
phase("join-sampled");
const result = { event: "result", joined: phones.length, failed: plan.phones - phones.length, join_errors: joinErrors,
  join_seconds: Math.round(joinSeconds * 100) / 100, join_latency_ms: percentiles(joinLatency),
  projector_connected: views.at(-1)?.connected ?? null, bursts: [] };

// Bursts -------------------------------------------------------------------------------------------------------
const order = phones.map((socket) => [rng(), socket]).sort((a, b) => a[0] - b[0]).map(([, socket]) => socket);
for (const burst of plan.bursts) {
  const shown = await call(projector, "goto", { code: plan.code, slide: burst.slide });
  if (!shown.ok) throw new Error(`goto: ${JSON.stringify(shown)}`);
  await sleep(500);
  const opened = await call(projector, "open", { code: plan.code, question_id: burst.question });
  if (!opened.ok) throw new Error(`open: ${JSON.stringify(opened)}`);
  const options = opened.state.question.settings.options.length;
  phase(`${burst.name}-start`);
  const start = performance.now();
  const firstView = views.length;
  const sent = [];
  const refusals = {};
  await Promise.all(order.slice(0, burst.answers).map(async (socket) => {
    await sleep(rng() * 1000 * burst.seconds);
    const answer = { sent: performance.now(), acked: null };
    sent.push(answer);
    const ack = await call(socket, "respond", { question_id: burst.question, value: [Math.floor(rng() * options)],
      answer_id: randomBytes(8).toString("hex") });
    if (ack.ok) answer.acked = performance.now();
    else refusals[ack.error] = (refusals[ack.error] ?? 0) + 1;
  }));
  const acked = sent.filter((a) => a.acked !== null).sort((a, b) => a.acked - b.acked);
  await until(() => views.length > firstView && views.at(-1).responses >= acked.length, 5000);
  phase(`${burst.name}-end`);
  const burstViews = views.slice(firstView);
  const toProjector = [];
  let neverShown = 0;
  acked.forEach((answer, rank) => {
    const view = burstViews.find((v) => v.responses >= rank + 1 && v.at >= answer.sent);
    if (view) toProjector.push(view.at - answer.sent);
    else neverShown += 1;
  });
  const firstSent = Math.min(...sent.map((a) => a.sent));
  const lastSent = Math.max(...sent.map((a) => a.sent));
  const lastAck = acked.length ? acked.at(-1).acked : firstSent;
  const closed = await call(projector, "close", { code: plan.code, question_id: burst.question });
  result.bursts.push({ name: burst.name, question: burst.question, planned: burst.answers, seconds: burst.seconds,
    sent: sent.length, acked: acked.length, refused: refusals, unacked: sent.length - acked.length - Object.values(refusals).reduce((a, b) => a + b, 0),
    sent_over_seconds: Math.round(lastSent - firstSent) / 1000, done_seconds: Math.round(lastAck - firstSent) / 1000,
    answers_per_second: Math.round((1000 * acked.length) / Math.max(1, lastAck - firstSent)),
    ack_latency_ms: percentiles(acked.map((a) => a.acked - a.sent)),
    vote_to_projector_ms: { ...percentiles(toProjector), never_shown: neverShown, views: burstViews.length },
    projector_final: closed.ok ? closed.state.responses : null, started_ms: Math.round(start) });
  await sleep(1000);
}

for (const socket of phones) socket.close();
projector.close();
say(result);
process.exit(0);
