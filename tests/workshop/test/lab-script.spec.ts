import { readLab } from './support/lab-script';

describe('reading a lab', () => {
  it('finds each shell block with its step, its flags and the output shown after it', () => {
    const blocks = readLab('01-start-and-explore.md');
    expect(blocks.map(({ step, checked, notInTest }) => ({ step, checked, notInTest }))).toEqual([
      { step: 'Step 1: Start the stack', checked: false, notInTest: true },
      { step: 'Step 2: Start from empty data', checked: false, notInTest: false },
      { step: 'Step 3: Look at the routing', checked: false, notInTest: false },
      { step: 'Step 4: Create a customer', checked: true, notInTest: false },
      { step: 'Step 5: Send a parcel', checked: false, notInTest: false },
      { step: 'Step 5: Send a parcel', checked: false, notInTest: false },
    ]);
    expect(blocks[2]).toMatchObject({ commands: 'npx courier rollout status\n', expected: 'users: stable v1 100%\ndelivery: stable v1 100%\nweb: stable v1 100%\n' });
    // Shown after a line of prose ("You should see, at the end:"), still the block's output.
    expect(blocks[1].expected).toContain('Data emptied: 0 rows left in users, delivery.');
  });
});
