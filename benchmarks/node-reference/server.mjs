// The Node reference server of benchmarks/compare.py (issue 22): the phone protocol of docs/protocol.md
// (join, profile, respond on /participant; watch, goto, open, close and `results` on /facilitator) for one
// session of choice questions, with socket.io and better-sqlite3. What it keeps of ours, so the comparison is
// fair: SQLite in WAL mode with synchronous=FULL, every ack only after the transaction holding the write has
// committed (one transaction per write; with --commit batch the writes of one event-loop turn share one, as
// our batching writer groups them),
// an answer's resend with the same answer_id applied once, a closed question refusing answers, the k rule
// (an aggregate of fewer than k people withheld), projector views coalesced to at most one per interval and
// recounted from the stored rows. What it leaves out: logins (any facilitator socket may act), translations,
// the privacy guard, rate limits, every other kind and event.
//
//   node server.mjs --port 5000 --db /tmp/ref.db --session session.json [--interval 0.1] [--commit each|batch]
//
// session.json: {"code", "title", "k", "profile": [...], "consent": "...",
//                 "slides": [{"question": {"id", "kind": "choice", "text", "settings": {"options": [...]}}}]}

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import Database from "better-sqlite3";
import { Server } from "socket.io";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const session = JSON.parse(readFileSync(args.session, "utf8"));
const INTERVAL = 1000 * Number(args.interval ?? 0.1);
const K = session.k ?? 5;

const db = new Database(args.db);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`
  create table if not exists participants (id integer primary key, token_hash text unique not null,
    profile text, consented_at text, joined_at text not null);
  create table if not exists responses (id integer primary key, participant_id integer not null,
    question_id text not null, value text not null, revision integer not null, answer_id text,
    updated_at text not null, unique (participant_id, question_id));
`);
const sql = {
  join: db.prepare("insert into participants (token_hash, joined_at) values (?, ?) on conflict (token_hash) do nothing"),
  participant: db.prepare("select id, profile, consented_at from participants where token_hash = ?"),
  profile: db.prepare("update participants set profile = ?, consented_at = ? where id = ?"),
  resent: db.prepare("select revision from responses where participant_id = ? and question_id = ? and answer_id = ?"),
  respond: db.prepare(`insert into responses (participant_id, question_id, value, revision, answer_id, updated_at)
    values (?, ?, ?, 1, ?, ?) on conflict (participant_id, question_id) do update
    set value = excluded.value, revision = revision + 1, answer_id = excluded.answer_id, updated_at = excluded.updated_at
    returning revision`),
  answers: db.prepare("select question_id, value from responses where participant_id = ?"),
  counts: db.prepare("select value, count(*) as n from responses where question_id = ? group by value"),
  participants: db.prepare("select count(*) as n from participants"),
};

// With --commit batch, group commit: the writes of one event-loop turn run in one transaction, each ack after
// its commit. The default (--commit each) is the minimal server: one transaction per write.
let queue = [];
const flush = db.transaction((jobs) => {
  for (const job of jobs) {
    try {
      job.result = job.write();
    } catch (error) {
      job.error = error;
    }
  }
});
const BATCH = (args.commit ?? "each") === "batch";
function write(fn) {
  if (!BATCH) { // the minimal server: every write its own transaction, committed before the ack
    try {
      return Promise.resolve(db.transaction(fn)());
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) => {
    if (queue.length === 0) setImmediate(commit);
    queue.push({ write: fn, resolve, reject });
  });
}
function commit() {
  const jobs = queue;
  queue = [];
  try {
    flush(jobs);
  } catch (error) {
    for (const job of jobs) job.error = job.error ?? error;
  }
  for (const job of jobs) (job.error ? job.reject(job.error) : job.resolve(job.result));
}

const slides = session.slides;
const state = { slide: 0, status: {} }; // question id -> pending | open | closed
const questionOf = (id) => slides.map((s) => s.question).find((q) => q && q.id === id);
const now = () => new Date().toISOString();
let connected = 0;

function phoneView() {
  const question = slides[state.slide].question;
  if (!question) return { mode: "presenter", slide: state.slide, question: null, status: null };
  return { mode: "presenter", slide: state.slide, question, status: state.status[question.id] ?? "pending", closes_in: null };
}

function presenterView() {
  const question = slides[state.slide].question;
  const view = { code: session.code, slide: state.slide, slides: slides.length,
    participants: sql.participants.get().n, connected, question: question ?? null,
    status: question ? state.status[question.id] ?? "pending" : null, results_visible: true,
    responses: 0, result: null, withheld: null, closes_in: null, share_results: false,
    pacing: "presenter", block: [], finished: 0 };
  if (!question) return view;
  const options = question.settings.options.map((label) => ({ label, count: 0, percent: 0 }));
  let n = 0;
  for (const row of sql.counts.all(question.id)) {
    n += row.n;
    for (const index of JSON.parse(row.value)) options[index].count += row.n;
  }
  for (const option of options) option.percent = n ? Math.round((100 * option.count) / n) : 0;
  view.responses = n;
  if (n < K) view.withheld = { n, k: K };
  else view.result = { n, options };
  return view;
}

const httpServer = createServer((request, response) => {
  response.writeHead(200, { "content-type": "text/plain" });
  response.end("workshop node reference\n");
});
const io = new Server(httpServer, { maxHttpBufferSize: 64 * 1024, pingInterval: 25000, pingTimeout: 20000 });
const phones = io.of("/participant");
const facilitators = io.of("/facilitator");

// Projector views: at most one per INTERVAL; the first change after a quiet spell goes out at once.
let lastSent = -Infinity;
let pending = null;
function changed() {
  if (pending) return;
  pending = setTimeout(() => {
    pending = null;
    lastSent = Date.now();
    facilitators.to("f").emit("results", presenterView());
  }, Math.max(0, lastSent + INTERVAL - Date.now()));
}

const fail = (error) => ({ ok: false, error });
const isObject = (data) => data !== null && typeof data === "object" && !Array.isArray(data);

phones.on("connection", (socket) => {
  let me = null; // {id, ready}
  socket.on("disconnect", () => {
    if (me) {
      connected -= 1;
      changed();
    }
  });
  socket.on("join", async (data, ack) => {
    if (typeof ack !== "function") return;
    if (!isObject(data) || typeof data.code !== "string" || typeof data.token !== "string") return ack(fail("payload must be an object"));
    if (data.code.replace(/[\s\-_.]/g, "").toUpperCase() !== session.code) return ack(fail("unknown session code"));
    if (!/^[A-Za-z0-9]{32,128}$/.test(data.token)) return ack(fail("token must be 32-128 letters and digits"));
    const hash = createHash("sha256").update(`${session.code}:${data.token}`).digest("hex");
    try {
      await write(() => sql.join.run(hash, now()));
    } catch {
      return ack({ ...fail("Niet opgeslagen, probeer het opnieuw."), retry: true });
    }
    const row = sql.participant.get(hash);
    if (!me) connected += 1;
    me = { id: row.id, ready: row.profile !== null };
    socket.join("p");
    changed();
    const answers = {};
    for (const answer of sql.answers.all(row.id)) answers[answer.question_id] = JSON.parse(answer.value);
    ack({ ok: true,
      session: { code: session.code, title: session.title, language: "nl", profile: session.profile, consent: session.consent },
      needs: [...(session.consent && !row.consented_at ? ["consent"] : []), ...(session.profile && row.profile === null ? ["profile"] : [])],
      state: phoneView(), answers, votes: {}, submissions: [] });
  });
  socket.on("profile", async (data, ack) => {
    if (typeof ack !== "function") return;
    if (!me) return ack(fail("join a session first"));
    if (!isObject(data) || (session.consent && data.consent !== true)) return ack(fail("Je kunt alleen meedoen als je toestemming geeft."));
    const answers = isObject(data.answers) ? data.answers : {};
    for (const question of session.profile) {
      const index = answers[question.id];
      if (!Number.isInteger(index) || index < 0 || index >= question.options.length) return ack(fail(`Kies een antwoord bij: ${question.question}`));
    }
    const id = me.id;
    try {
      await write(() => sql.profile.run(JSON.stringify(answers), now(), id));
    } catch {
      return ack({ ...fail("Niet opgeslagen, probeer het opnieuw."), retry: true });
    }
    me.ready = true;
    ack({ ok: true, needs: [] });
  });
  socket.on("respond", async (data, ack) => {
    if (typeof ack !== "function") return;
    if (!isObject(data) || typeof data.question_id !== "string" || !("value" in data)) return ack(fail("payload must be an object"));
    if (!me) return ack(fail("join a session first"));
    if (!me.ready) return ack(fail("Geef eerst toestemming en beantwoord de vragen over jezelf."));
    const question = questionOf(data.question_id);
    if (!question) return ack(fail("unknown question"));
    const value = Number.isInteger(data.value) ? [data.value] : data.value;
    const count = question.settings.options.length;
    if (!Array.isArray(value) || value.length !== 1 || !Number.isInteger(value[0]) || value[0] < 0 || value[0] >= count) {
      return ack(fail("Kies een antwoord."));
    }
    const answerId = typeof data.answer_id === "string" ? data.answer_id : null;
    const id = me.id;
    let revision;
    try {
      revision = await write(() => {
        // checked inside the transaction, as ours does: an answer whose write starts after the close is refused
        if (state.status[question.id] !== "open") return null;
        if (answerId !== null) {
          const stored = sql.resent.get(id, question.id, answerId);
          if (stored) return stored.revision;
        }
        return sql.respond.get(id, question.id, JSON.stringify(value), answerId, now()).revision;
      });
    } catch {
      return ack({ ...fail("Niet opgeslagen, probeer het opnieuw."), retry: true });
    }
    if (revision === null) return ack(fail("deze vraag is gesloten"));
    changed();
    ack({ ok: true, question_id: question.id, value, revision });
  });
});

facilitators.on("connection", (socket) => {
  const act = (name, change) => socket.on(name, (data, ack) => {
    if (typeof ack !== "function") return;
    if (!isObject(data) || data.code !== session.code) return ack(fail("unknown session code"));
    const error = change(data);
    if (error) return ack(fail(error));
    if (name !== "watch") {
      phones.to("p").emit("state", phoneView());
      facilitators.to("f").emit("state", presenterView());
    }
    ack({ ok: true, state: presenterView() });
  });
  act("watch", () => socket.join("f"));
  act("goto", (data) => {
    if (!Number.isInteger(data.slide) || data.slide < 0 || data.slide >= slides.length) return `slide must be from 0 to ${slides.length - 1}`;
    state.slide = data.slide;
  });
  act("open", (data) => {
    if (!questionOf(data.question_id)) return "unknown question";
    state.status[data.question_id] = "open";
  });
  act("close", (data) => {
    if (!questionOf(data.question_id)) return "unknown question";
    state.status[data.question_id] = "closed";
  });
});

httpServer.listen(Number(args.port), "127.0.0.1", () => console.log(`listening on ${args.port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => { db.close(); process.exit(0); });
