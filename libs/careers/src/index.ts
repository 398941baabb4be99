export * from './internship-placement';
export * from './recruiting-event-attendance';
