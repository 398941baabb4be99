/**
 * The runtime derives a task id from the playbook name and the cause. When one input creates several
 * tasks, each extra task's cause names what sets it apart, so the ids stay distinct and stable.
 */
export const causeFor = (inputId: string, qualifier: string): string => `${inputId}/${qualifier}`;
