import { describe } from 'vitest';
import { teamPortContract } from './team-contract.ts';
import { memoryTeamPort } from './memory-team.ts';

describe('in-memory TeamPort (the contract the relay port passes too)', () => teamPortContract(async () => memoryTeamPort()));
