export * from './playbook';
export * from './runtime';
export * from './playbooks';
