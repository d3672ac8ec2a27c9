// The end-to-end browser walk of vigil's analyst web UI: signs in, screens
// a name, decides the alert it raises, sees the decision suppress the next
// screening, changes the listed entity, reloads the lists as an admin and
// sees the change raise a new alert. Drives Debian's chromium through
// playwright-core (scripts/browser.sh installs both).
//
//   node tests/browser/walk.mjs
//
// Environment:
//   VIGIL_URL          base URL of a running `vigil serve` (http://127.0.0.1:PORT)
//   VIGIL_LIST_FILE    the CSV list file that server loaded; the walk rewrites it
//                      (entity T1's date of birth 1971-03-14 becomes 1971-03-15)
//   VIGIL_ANALYST      analyst's username:password
//   VIGIL_ADMIN        admin's username:password
//   VIGIL_SCREENSHOTS  optional folder for full-page PNG screenshots
//   VIGIL_CHROMIUM     optional browser binary (default /usr/bin/chromium)
//   VIGIL_WALK_TIMEOUT optional limit for the whole walk in seconds (default 240)
//
// Prints `walk: step N: ...` per step and `walk: passed` at the end (exit 0).
// On a failure it prints what was expected, the page's URL and the start of
// its visible text, and exits 1. Exit 2: the environment is incomplete.
// Any console error, uncaught page error or request to a host other than
// this machine fails the walk: the UI must load nothing from elsewhere.

import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ACTION_TIMEOUT = 15_000;
const TEXT_LIMIT = 2000;

const QUERY_NAME = 'Kareem Abdul Rahman al-Farsi';
const SUBJECT_ID = 'C-1001';
const DECISION_REASON = 'Different person: date of birth 1990-01-01 on the passport';
const OLD_DOB = '1971-03-14';
const NEW_DOB = '1971-03-15';

// ---------------------------------------------------------------- the setup

function usage(message) {
    console.error(`walk: ${message}`);
    console.error('walk: needs VIGIL_URL, VIGIL_LIST_FILE, VIGIL_ANALYST=user:password and VIGIL_ADMIN=user:password');
    process.exit(2);
}

function credentials(name) {
    const value = process.env[name];
    if (!value) usage(`${name} is not set`);
    const colon = value.indexOf(':');
    if (colon <= 0) usage(`${name} must be username:password`);
    return { username: value.slice(0, colon), password: value.slice(colon + 1) };
}

if (!process.env.VIGIL_URL) usage('VIGIL_URL is not set');
let baseUrl;
try {
    baseUrl = new URL(process.env.VIGIL_URL);
} catch {
    usage(`VIGIL_URL is not a URL: ${process.env.VIGIL_URL}`);
}
const base = baseUrl.origin;
const listFile = process.env.VIGIL_LIST_FILE || usage('VIGIL_LIST_FILE is not set');
const analyst = credentials('VIGIL_ANALYST');
const admin = credentials('VIGIL_ADMIN');
const shotsDir = process.env.VIGIL_SCREENSHOTS || '';
const executablePath = process.env.VIGIL_CHROMIUM || '/usr/bin/chromium';
const walkTimeout = Number(process.env.VIGIL_WALK_TIMEOUT || 240) * 1000;

// ------------------------------------------------------- failures and state

class WalkError extends Error {}

let context = null;
let page = null;
let profileDir = null;
let stepNo = 0;
let stepName = 'setup';
let finished = false;
const problems = [];
// A regular expression for URLs whose HTTP error status the browser may
// report on the console without failing the walk (a deliberately refused
// sign-in may answer 401, say).
let tolerateHttpErrorsFor = null;

function isLocalHost(hostname) {
    const host = hostname.toLowerCase();
    return host === 'localhost'
        || host.endsWith('.localhost')
        || /^127(\.\d{1,3}){3}$/.test(host)
        || host === '[::1]'
        || host === '::1'
        || host === baseUrl.hostname.toLowerCase();
}

function isForeign(url) {
    let parsed;
    try {
        parsed = new URL(url);
    } catch {
        return false;
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false;
    return !isLocalHost(parsed.hostname);
}

async function cleanup() {
    if (context) {
        const ctx = context;
        context = null;
        await Promise.race([
            ctx.close().catch(() => {}),
            new Promise((resolve) => setTimeout(resolve, 5000)),
        ]);
    }
    if (profileDir) {
        await rm(profileDir, { recursive: true, force: true }).catch(() => {});
        profileDir = null;
    }
}

async function visibleText() {
    if (!page) return '(no page)';
    try {
        const text = await page.locator('body').innerText({ timeout: 3000 });
        return text.replace(/\n{3,}/g, '\n\n').trim();
    } catch (e) {
        return `(could not read the page's text: ${firstLine(e.message)})`;
    }
}

function firstLine(message) {
    return String(message).split('\n')[0];
}

async function fail(expected, detail) {
    if (finished) return;
    finished = true;
    console.error(`walk: FAILED at step ${stepNo}: ${stepName}`);
    console.error(`walk: expected: ${expected}`);
    if (detail) console.error(`walk: detail: ${detail}`);
    for (const problem of problems) console.error(`walk: problem: ${problem}`);
    if (page) {
        console.error(`walk: page URL: ${page.url()}`);
        const text = await visibleText();
        console.error(`walk: page text (first ${TEXT_LIMIT} characters):`);
        console.error(text.slice(0, TEXT_LIMIT));
        if (shotsDir) {
            await page.screenshot({ path: path.join(shotsDir, 'failure.png'), fullPage: true, timeout: 5000 })
                .then(() => console.error(`walk: screenshot of the failure: ${path.join(shotsDir, 'failure.png')}`))
                .catch(() => {});
        }
    }
    await cleanup();
    process.exit(1);
}

function checkProblems() {
    if (problems.length > 0) {
        throw new WalkError('no console errors, no uncaught page errors and no requests to other hosts');
    }
}

async function step(name, body) {
    stepNo += 1;
    stepName = name;
    console.log(`walk: step ${stepNo}: ${name}`);
    await body();
    checkProblems();
}

function note(message) {
    console.log(`walk:   ${message}`);
}

// ------------------------------------------------------------------ actions
// Each helper turns Playwright's errors into a WalkError saying what was
// expected, so that a failure reads as the UI's fault, not the harness's.

function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function expectVisible(locator, what) {
    try {
        await locator.first().waitFor({ state: 'visible', timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`${what} to be visible`, { cause: e });
    }
    checkProblems();
    return locator.first();
}

async function expectAbsent(locator, what) {
    const count = await locator.count();
    if (count !== 0) throw new WalkError(`no ${what} (found ${count})`);
}

function matches(text, pattern) {
    if (pattern instanceof RegExp) return pattern.test(text);
    return text.toLowerCase().includes(String(pattern).toLowerCase());
}

// Waits until the first element of `locator` has visible text matching each
// of `patterns` (strings match case-insensitively); returns that text.
async function expectText(locator, patterns, what) {
    const wanted = Array.isArray(patterns) ? patterns : [patterns];
    const deadline = Date.now() + ACTION_TIMEOUT;
    let last = null;
    for (;;) {
        try {
            if ((await locator.count()) > 0) {
                last = await locator.first().innerText({ timeout: 1000 });
                if (wanted.every((p) => matches(last, p))) {
                    checkProblems();
                    return last;
                }
            }
        } catch {
            // The page is navigating; look again.
        }
        if (Date.now() > deadline) {
            const shown = wanted.map((p) => (p instanceof RegExp ? String(p) : JSON.stringify(p))).join(' and ');
            const seen = last === null ? 'no such element' : `its text was ${JSON.stringify(last.slice(0, 400))}`;
            throw new WalkError(`${what} to contain ${shown}; ${seen}`);
        }
        await sleep(100);
    }
}

async function expectPath(predicate, what) {
    try {
        await page.waitForURL((url) => predicate(url.pathname), { timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`${what} (the page is at ${page.url()})`, { cause: e });
    }
    checkProblems();
}

async function fill(locator, value, what) {
    try {
        await locator.fill(value, { timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`${what} to be there and editable`, { cause: e });
    }
}

async function click(locator, what) {
    try {
        await locator.click({ timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`${what} to be there and clickable`, { cause: e });
    }
}

// Clicks something that submits a form or follows a link, and waits for the
// page it leads to to load.
async function clickAndLoad(locator, what) {
    const navigated = page.waitForEvent('framenavigated', {
        predicate: (frame) => frame === page.mainFrame(),
        timeout: ACTION_TIMEOUT,
    });
    navigated.catch(() => {});
    await click(locator, what);
    try {
        await navigated;
        await page.waitForLoadState('load', { timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`clicking ${what} to load a page`, { cause: e });
    }
    checkProblems();
}

async function goto(url, what) {
    try {
        await page.goto(url, { timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`${what}: ${url} to load`, { cause: e });
    }
    checkProblems();
}

// axe-core's accessibility rules (WCAG 2.1 A and AA), run in each page the
// walk photographs: a serious or critical violation fails the walk.
const axeSource = await readFile(
    path.join(path.dirname(new URL(import.meta.url).pathname), 'node_modules', 'axe-core', 'axe.min.js'),
    'utf8',
);

async function accessible(name) {
    let violations;
    try {
        await page.evaluate(axeSource);
        violations = await page.evaluate(async () => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                resultTypes: ['violations'],
            });
            return r.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
        });
    } catch (e) {
        throw new WalkError(`axe-core to check the page before ${name}`, { cause: e });
    }
    if (violations.length) {
        throw new WalkError(`no serious accessibility violation on the page of ${name}, found:\n  ${violations.join('\n  ')}`);
    }
    note(`accessibility (axe-core, WCAG 2.1 AA): no serious violation before ${name}`);
}

async function screenshot(name) {
    await accessible(name);
    if (!shotsDir) return;
    const file = path.join(shotsDir, name);
    try {
        await page.screenshot({ path: file, fullPage: true, timeout: ACTION_TIMEOUT });
    } catch (e) {
        throw new WalkError(`a screenshot saved to ${file}`, { cause: e });
    }
    note(`screenshot ${file}`);
}

// ------------------------------------------------------- the UI's pieces

function h1(name) {
    return page.getByRole('heading', { level: 1, name, exact: true });
}

function mainNav() {
    return page.getByRole('navigation', { name: 'Main', exact: true });
}

async function expectNav({ isAdmin }) {
    const nav = mainNav();
    await expectVisible(nav, 'the main navigation <nav aria-label="Main">');
    for (const link of ['Dashboard', 'Screen', 'Alerts', 'Lists']) {
        await expectVisible(nav.getByRole('link', { name: link, exact: true }), `a "${link}" link in the main navigation`);
    }
    await expectVisible(nav.getByRole('button', { name: 'Sign out', exact: true }), 'a "Sign out" button in the main navigation');
    for (const link of ['Users', 'Settings']) {
        const locator = nav.getByRole('link', { name: link, exact: true });
        if (isAdmin) {
            await expectVisible(locator, `a "${link}" link in an admin's navigation`);
        } else {
            await expectAbsent(locator, `"${link}" link in an analyst's navigation`);
        }
    }
}

async function navigate(link, heading) {
    await clickAndLoad(mainNav().getByRole('link', { name: link, exact: true }), `the "${link}" link in the main navigation`);
    await expectVisible(h1(heading), `the heading <h1>${heading}</h1>`);
}

async function signIn(who) {
    await expectPath((p) => p === '/ui/login', 'to be on the sign-in page /ui/login');
    await fill(page.getByLabel('Username', { exact: true }), who.username, 'a field labelled "Username"');
    await fill(page.getByLabel('Password', { exact: true }), who.password, 'a field labelled "Password"');
    await clickAndLoad(page.getByRole('button', { name: 'Sign in', exact: true }), 'the "Sign in" button');
    await expectPath((p) => p === '/ui/', `signing in as ${who.username} to lead to the dashboard /ui/`);
    await expectVisible(h1('Dashboard'), 'the heading <h1>Dashboard</h1>');
}

// Screens QUERY_NAME for SUBJECT_ID; returns the match for the listed
// AL-FARSI and the "Recorded" section.
async function screen() {
    await navigate('Screen', 'Screen a name');
    for (const label of ['Date of birth', 'Country']) {
        await expectVisible(page.getByLabel(label, { exact: true }), `a field labelled "${label}"`);
    }
    await fill(page.getByLabel('Name', { exact: true }), QUERY_NAME, 'a field labelled "Name"');
    await fill(page.getByLabel('Subject id', { exact: true }), SUBJECT_ID, 'a field labelled "Subject id"');
    await clickAndLoad(page.getByRole('button', { name: 'Screen', exact: true }), 'the "Screen" button');
    const match = page.locator('article.match')
        .filter({ has: page.getByRole('heading', { name: /farsi/i }) })
        .first();
    await expectVisible(match, 'a result <article class="match"> whose heading names AL-FARSI');
    const recorded = page.getByRole('region', { name: 'Recorded', exact: true });
    await expectVisible(recorded, 'the <section id="recorded" aria-label="Recorded"> saying what was recorded');
    if ((await page.locator('section#recorded').count()) !== 1) {
        throw new WalkError('exactly one element with id "recorded"');
    }
    return { match, recorded };
}

// Reads "Alert #N" out of the Recorded section; returns N and its link.
async function raisedAlert(recorded, reasonPattern) {
    const patterns = [/Alert #\d+/];
    if (reasonPattern) patterns.push(reasonPattern);
    const text = await expectText(recorded, patterns, 'the "Recorded" section');
    const number = Number(/Alert #(\d+)/.exec(text)[1]);
    const link = recorded.getByRole('link', { name: new RegExp(`#${number}(?!\\d)`) });
    await expectVisible(link, `a link to alert #${number} in the "Recorded" section`);
    const href = await link.first().getAttribute('href');
    if (!href || !new URL(href, page.url()).pathname.endsWith(`/ui/alerts/${number}`)) {
        throw new WalkError(`the link to alert #${number} to lead to /ui/alerts/${number}, not ${href}`);
    }
    note(`recorded: ${text.replace(/\s+/g, ' ').trim()}`);
    return { number, link: link.first() };
}

function status() {
    return page.locator('.status').first();
}

// ------------------------------------------------------------------ the walk

async function walk() {
    if (!existsSync(executablePath)) {
        throw new WalkError(`a browser at ${executablePath} (run scripts/browser.sh)`);
    }
    if (shotsDir) await mkdir(shotsDir, { recursive: true });
    profileDir = await mkdtemp(path.join(os.tmpdir(), 'vigil-walk-profile-'));
    try {
        context = await chromium.launchPersistentContext(profileDir, {
            executablePath,
            headless: true,
            args: [
                '--headless',
                '--no-sandbox',
                '--disable-gpu',
                '--disable-quic',
                '--no-first-run',
                '--disable-background-networking',
                '--disable-component-update',
                '--disable-sync',
            ],
            viewport: { width: 1280, height: 900 },
            timeout: 60_000,
        });
    } catch (e) {
        throw new WalkError(`chromium (${executablePath}) to start`, { cause: e });
    }
    context.setDefaultTimeout(ACTION_TIMEOUT);
    context.setDefaultNavigationTimeout(ACTION_TIMEOUT);

    // Nothing may leave this machine: such requests are refused and fail
    // the walk (a UI that loads from a CDN would break offline).
    context.on('request', (request) => {
        if (isForeign(request.url())) problems.push(`request to another host: ${request.method()} ${request.url()}`);
    });
    await context.route((url) => isForeign(url.href), (route) => route.abort('blockedbyclient'));
    const watch = (p) => {
        p.on('console', (message) => {
            if (message.type() !== 'error') return;
            const where = message.location()?.url || '';
            if (tolerateHttpErrorsFor && tolerateHttpErrorsFor.test(where)
                && message.text().startsWith('Failed to load resource')) {
                return;
            }
            const hint = /\/favicon\.ico$/.test(where)
                ? ' (the browser asks for /favicon.ico by itself: serve one, or declare <link rel="icon" href="data:,">)'
                : '';
            problems.push(`console error on ${p.url()}: ${message.text()}${where ? ` (from ${where})` : ''}${hint}`);
        });
        p.on('pageerror', (error) => problems.push(`uncaught error on ${p.url()}: ${error.message}`));
        p.on('websocket', (ws) => {
            if (isForeign(ws.url())) problems.push(`websocket to another host: ${ws.url()}`);
        });
    };
    const existing = context.pages();
    existing.forEach(watch);
    context.on('page', watch);
    page = existing[0] ?? (await context.newPage());

    await step('sign in as the analyst', async () => {
        await goto(`${base}/ui/`, 'the UI');
        await expectPath((p) => p === '/ui/login', 'an unauthenticated visit to /ui/ to be sent to /ui/login');
        await screenshot('login.png');
        // A wrong password is refused with a message (the response may be
        // an HTTP error, which the browser logs: that is expected here).
        tolerateHttpErrorsFor = /\/ui\/login/;
        await fill(page.getByLabel('Username', { exact: true }), analyst.username, 'a field labelled "Username"');
        await fill(page.getByLabel('Password', { exact: true }), `${analyst.password}-wrong`, 'a field labelled "Password"');
        await clickAndLoad(page.getByRole('button', { name: 'Sign in', exact: true }), 'the "Sign in" button');
        await expectVisible(page.getByRole('alert'), 'a wrong password to be refused with a message in a role="alert" element');
        await expectPath((p) => p === '/ui/login', 'a wrong password to leave the browser on /ui/login');
        tolerateHttpErrorsFor = null;
        await signIn(analyst);
        await expectNav({ isAdmin: false });
        await expectVisible(h1('Dashboard'), 'the heading <h1>Dashboard</h1>');
    });

    let first;
    await step(`screen "${QUERY_NAME}" for subject ${SUBJECT_ID}: a match and a new alert`, async () => {
        const { match, recorded } = await screen();
        const matchText = await match.innerText();
        if (!/\b[01]\.\d{2}\b/.test(matchText)) {
            throw new WalkError(`the match to show its score as text like 0.96; its text was ${JSON.stringify(matchText.slice(0, 400))}`);
        }
        const alignment = match.getByRole('table', { name: 'Word alignment', exact: true });
        await expectVisible(alignment, 'a table with caption "Word alignment" in the match');
        for (const column of ['Query word', 'Listed word', 'Similarity', 'How', 'Weight']) {
            await expectVisible(alignment.getByRole('columnheader', { name: column, exact: true }),
                `a "${column}" column in the Word alignment table`);
        }
        const link = match.getByRole('heading').getByRole('link').first();
        await expectVisible(link, 'a link in the match heading');
        const href = await link.getAttribute('href');
        if (!href || !new URL(href, page.url()).pathname.startsWith('/ui/entities/')) {
            throw new WalkError(`the match heading's link to lead to /ui/entities/<id>, not ${href}`);
        }
        first = await raisedAlert(recorded);
        await screenshot('screen.png');
    });

    await step(`the queue lists alert #${first.number}`, async () => {
        await navigate('Alerts', 'Alerts');
        // A <label> wrapping the <select> also holds its options' text, so
        // only the label's start is matched.
        const statusSelect = page.getByLabel(/^\s*Status\b/);
        await expectVisible(statusSelect, 'a select labelled "Status"');
        const options = (await statusSelect.locator('option').allInnerTexts()).map((o) => o.trim());
        for (const option of ['All', 'open', 'escalated', 'pending approval', 'true match', 'false positive']) {
            if (!options.includes(option)) {
                throw new WalkError(`an option "${option}" in the Status select; it has ${JSON.stringify(options)}`);
            }
        }
        for (const label of ['List', 'Minimum score', 'From', 'To']) {
            await expectVisible(page.getByLabel(label, { exact: true }), `a filter field labelled "${label}"`);
        }
        const row = () => page.getByRole('row').filter({
            has: page.getByRole('link', { name: `#${first.number}`, exact: true }),
        });
        await expectVisible(row(), `a row with a link "#${first.number}" in the alerts table`);
        await screenshot('alerts.png');
        await statusSelect.selectOption({ label: 'open' });
        await clickAndLoad(page.getByRole('button', { name: 'Filter', exact: true }), 'the "Filter" button');
        await expectVisible(row(), `alert #${first.number} still listed when filtering for open alerts`);
        await clickAndLoad(page.getByRole('link', { name: `#${first.number}`, exact: true }), `the link "#${first.number}"`);
        await expectPath((p) => p === `/ui/alerts/${first.number}`, `the link to lead to /ui/alerts/${first.number}`);
    });

    await step(`decide alert #${first.number}: false positive`, async () => {
        await expectVisible(h1(`Alert #${first.number}`), `the heading <h1>Alert #${first.number}</h1>`);
        for (const heading of ['Subject', 'Listed entity', 'Why it matched', 'Decision']) {
            await expectVisible(page.getByRole('heading', { name: heading, exact: true }), `a heading "${heading}"`);
        }
        await expectText(page.locator('body'), SUBJECT_ID, 'the alert page');
        await expectText(status(), 'open', 'the alert\'s status (class "status")');
        await expectVisible(page.getByText(/Raised because:/), 'the text "Raised because: ..."');
        await expectVisible(page.getByRole('table', { name: 'Word alignment', exact: true }),
            'the "Word alignment" table under "Why it matched"');
        const outcome = page.getByRole('group', { name: 'Outcome', exact: true });
        await expectVisible(outcome, 'a fieldset with legend "Outcome"');
        for (const radio of ['False positive', 'True match', 'Escalate']) {
            await expectVisible(outcome.getByRole('radio', { name: radio, exact: true }), `a radio labelled "${radio}"`);
        }
        try {
            await outcome.getByRole('radio', { name: 'False positive', exact: true }).check();
        } catch (e) {
            throw new WalkError('the "False positive" radio to be checkable', { cause: e });
        }
        await fill(page.getByLabel('Reason', { exact: true }), DECISION_REASON, 'a textarea labelled "Reason"');
        await clickAndLoad(page.getByRole('button', { name: 'Record decision', exact: true }), 'the "Record decision" button');
        await expectText(status(), 'false positive', 'the alert\'s status after the decision');
        await expectVisible(page.getByRole('heading', { name: 'History', exact: true }), 'a heading "History"');
        const decision = page.getByRole('row').filter({ hasText: 'decision' }).filter({ hasText: DECISION_REASON });
        await expectVisible(decision, 'a History row with the event "decision" and the reason');
        await expectText(decision, [`user:${analyst.username}`, 'false positive'],
            'the History row of the decision (actor and outcome)');
        await screenshot('alert.png');
    });

    let entityHref;
    await step('screen again: the false-positive decision suppresses a new alert', async () => {
        const { match, recorded } = await screen();
        await expectText(recorded, ['No new alert', 'false positive'], 'the "Recorded" section');
        note(`recorded: ${(await recorded.innerText()).replace(/\s+/g, ' ').trim()}`);
        const link = match.getByRole('heading').getByRole('link').first();
        entityHref = await link.getAttribute('href');
        await clickAndLoad(link, 'the link in the match heading');
    });

    await step('the listed entity\'s page', async () => {
        await expectPath((p) => p.startsWith('/ui/entities/'), `the match heading's link (${entityHref}) to lead to /ui/entities/<id>`);
        await expectText(page.getByRole('heading', { level: 1 }), /farsi/i, 'the entity page\'s <h1>');
        await screenshot('entity.png');
    });

    await step(`change the listed entity (date of birth ${OLD_DOB} -> ${NEW_DOB}) and reload the lists as the admin`, async () => {
        const csv = await readFile(listFile, 'utf8');
        const occurrences = csv.split(OLD_DOB).length - 1;
        if (occurrences === 0) throw new WalkError(`the list file ${listFile} to contain ${OLD_DOB}`);
        await writeFile(listFile, csv.replaceAll(OLD_DOB, NEW_DOB));
        note(`rewrote ${listFile} (${occurrences} × ${OLD_DOB} -> ${NEW_DOB})`);
        await clickAndLoad(mainNav().getByRole('button', { name: 'Sign out', exact: true }), 'the "Sign out" button');
        await goto(`${base}/ui/`, 'the UI after signing out');
        await expectPath((p) => p === '/ui/login', 'a visit to /ui/ after signing out to be sent to /ui/login');
        await signIn(admin);
        await expectNav({ isAdmin: true });
        await navigate('Lists', 'Lists');
        await expectVisible(page.getByRole('table'), 'a table of the loaded lists');
        await screenshot('lists.png');
        await clickAndLoad(page.getByRole('button', { name: 'Reload the lists', exact: true }), 'the "Reload the lists" button');
        await expectText(page.getByRole('status'), 'Reloaded', 'the role="status" element after reloading');
    });

    await step('screen again as the admin: the changed entity raises a new alert', async () => {
        const { recorded } = await screen();
        const second = await raisedAlert(recorded, /changed/i);
        if (second.number === first.number) {
            throw new WalkError(`a new alert, not #${first.number} again`);
        }
        await clickAndLoad(second.link, `the link to alert #${second.number}`);
        await expectPath((p) => p === `/ui/alerts/${second.number}`, `the link to lead to /ui/alerts/${second.number}`);
        await expectVisible(h1(`Alert #${second.number}`), `the heading <h1>Alert #${second.number}</h1>`);
        await expectText(status(), 'open', 'the new alert\'s status (class "status")');
    });

    await step('the dashboard, the audit log and the accounts, as the admin', async () => {
        await clickAndLoad(page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Dashboard', exact: true }), 'the "Dashboard" link');
        await expectVisible(h1('Dashboard'), 'the heading <h1>Dashboard</h1>');
        await screenshot('dashboard.png');
        await clickAndLoad(page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Audit', exact: true }), 'the "Audit" link');
        await clickAndLoad(page.getByRole('button', { name: 'Verify the chain', exact: true }), 'the "Verify the chain" button');
        await expectText(page.getByRole('status'), 'intact', 'the audit chain to verify');
        await screenshot('audit.png');
        await clickAndLoad(page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Users', exact: true }), 'the "Users" link');
        await expectVisible(h1('Users'), 'the heading <h1>Users</h1>');
        await screenshot('users.png');
    });
}

// ------------------------------------------------------------------ running

function detailOf(error) {
    const cause = error?.cause;
    if (!cause) return '';
    return String(cause.message || cause).split('\n').filter((l) => l.trim()).slice(0, 12).join('\n');
}

const watchdog = setTimeout(() => {
    fail(`the whole walk to finish within ${walkTimeout / 1000} s`);
}, walkTimeout);

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        fail(`to run to the end (stopped by ${signal})`);
    });
}

try {
    await walk();
    checkProblems();
} catch (error) {
    clearTimeout(watchdog);
    if (error instanceof WalkError) {
        await fail(error.message, detailOf(error));
    } else {
        await fail('no error in the walk itself', String(error?.stack || error));
    }
}
clearTimeout(watchdog);
if (!finished) {
    finished = true;
    await cleanup();
    console.log('walk: passed');
    process.exit(0);
}
