import { readFileSync } from 'node:fs';
import { parseSceneText } from '../src/core/sceneParse';
const s = parseSceneText(readFileSync(process.argv[2], 'utf8'));
console.log('parsed: step', s.weights?.step, 'shape', s.weights?.shape, 'arrays', s.weights?.arrays.length, 'source', s.source.points.length / 2);
