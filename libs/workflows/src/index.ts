export * from './playbook';
