export * from './fiscal-year';
export * from './portfolio-facts';
export * from './portfolio.projection';
export * from './portfolio.queries';
export * from './partner-ranking';
