import type { ObjectiveModule } from './objective';

declare const objective: ObjectiveModule;
export default objective;
