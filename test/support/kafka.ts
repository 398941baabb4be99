import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const script = join(__dirname, '..', '..', 'deploy', 'local', 'kafka.sh');
const howToProvide =
  'Provide Kafka for the tests: export KAFKA_BROKERS=host:port to use a running broker, ' +
  "or install Java 17+ and Maven so deploy/local/kafka.sh can run one from Apache Kafka's jars.";

interface ScriptResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// Progress is echoed live: a cold start downloads jars for a minute, which should not look like a hang.
function runScript(command: 'start' | 'stop' | 'status'): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script, command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (command !== 'status') process.stderr.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function assertReachable(brokers: string): Promise<void> {
  const admin = new Kafka({
    clientId: 'continuum-test-probe',
    brokers: brokers.split(',').map((broker) => broker.trim()),
    connectionTimeout: 3000,
    retry: { retries: 2 },
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `KAFKA_BROKERS is set but no Kafka broker answers at ${brokers}: ${reason}. ${howToProvide}`,
    );
  } finally {
    await admin.disconnect();
  }
}

/** KAFKA_BROKERS if set (and answering), else the local broker from deploy/local/kafka.sh, started if need be. */
export async function provideTestKafka(): Promise<string> {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) {
    await assertReachable(configured);
    return configured;
  }
  if (!onPath('java')) throw new Error(`KAFKA_BROKERS is not set and 'java' is not on PATH. ${howToProvide}`);
  const wasRunning = (await runScript('status')).code === 0;
  const started = await runScript('start');
  const brokers = /^KAFKA_BROKERS=(.+)$/m.exec(started.stdout)?.[1];
  if (started.code !== 0 || !brokers) {
    const tail = started.stderr.trim().split('\n').slice(-5).join('\n');
    throw new Error(`deploy/local/kafka.sh start failed (exit ${started.code}):\n${tail}\n${howToProvide}`);
  }
  // Kept in process.env, not a module variable, so teardown sees it however jest loads the two modules.
  if (!wasRunning) process.env.CONTINUUM_TEST_KAFKA_STARTED = '1';
  return brokers;
}

/** Stops the local broker only if this run started it; KEEP_KAFKA=1 keeps it for the next run. */
export async function releaseTestKafka(): Promise<void> {
  if (process.env.CONTINUUM_TEST_KAFKA_STARTED !== '1') return;
  delete process.env.CONTINUUM_TEST_KAFKA_STARTED;
  if (process.env.KEEP_KAFKA) return;
  const stopped = await runScript('stop');
  if (stopped.code !== 0) throw new Error(`deploy/local/kafka.sh stop failed (exit ${stopped.code})`);
}
