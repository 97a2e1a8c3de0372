import { writeFileSync } from 'node:fs';
import { renderEventCatalogue } from './catalogue.ts';

writeFileSync(new URL('../../../docs/events.md', import.meta.url), renderEventCatalogue());
