// Generated from shared/reference/subtensor-interface-spec293.json (node-subtensor spec 293):
// event, error and constant tables of SubtensorModule and AdminUtils, and the storage
// layouts (hashers, key/value types, defaults) the devnet serves. Do not edit by hand.
import type { ErrorDef, EventDef } from '../../pallet.ts';

export const SUBTENSOR_EVENTS: EventDef[] = [
 {
  "index": 0,
  "name": "NetworkAdded",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "a new network is added."
  ]
 },
 {
  "index": 1,
  "name": "NetworkRemoved",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   }
  ],
  "docs": [
   "a network is removed."
  ]
 },
 {
  "index": 2,
  "name": "StakeAdded",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "stake has been transferred from the a coldkey account onto the hotkey staking account."
  ]
 },
 {
  "index": 3,
  "name": "StakeRemoved",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "stake has been removed from the hotkey staking account onto the coldkey account."
  ]
 },
 {
  "index": 4,
  "name": "StakeMoved",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "stake has been moved from origin (hotkey, subnet ID) to destination (hotkey, subnet ID) of this amount (in TAO)."
  ]
 },
 {
  "index": 5,
  "name": "WeightsSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "a caller successfully sets their weights on a subnetwork."
  ]
 },
 {
  "index": 6,
  "name": "NeuronRegistered",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "a new neuron account has been registered to the chain."
  ]
 },
 {
  "index": 7,
  "name": "BulkNeuronsRegistered",
  "fields": [
   {
    "name": "",
    "type": "u16"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "multiple uids have been concurrently registered."
  ]
 },
 {
  "index": 8,
  "name": "BulkBalancesSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "FIXME: Not used yet"
  ]
 },
 {
  "index": 9,
  "name": "MaxAllowedUidsSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "max allowed uids has been set for a subnetwork."
  ]
 },
 {
  "index": 10,
  "name": "MaxWeightLimitSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the max weight limit has been set for a subnetwork."
  ]
 },
 {
  "index": 11,
  "name": "DifficultySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the difficulty has been set for a subnet."
  ]
 },
 {
  "index": 12,
  "name": "AdjustmentIntervalSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the adjustment interval is set for a subnet."
  ]
 },
 {
  "index": 13,
  "name": "RegistrationPerIntervalSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "registration per interval is set for a subnet."
  ]
 },
 {
  "index": 14,
  "name": "MaxRegistrationsPerBlockSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "we set max registrations per block."
  ]
 },
 {
  "index": 15,
  "name": "ActivityCutoffSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "an activity cutoff is set for a subnet."
  ]
 },
 {
  "index": 16,
  "name": "RhoSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "Rho value is set."
  ]
 },
 {
  "index": 17,
  "name": "AlphaSigmoidSteepnessSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "i16"
   }
  ],
  "docs": [
   "steepness of the sigmoid used to compute alpha values."
  ]
 },
 {
  "index": 18,
  "name": "KappaSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "Kappa is set for a subnet."
  ]
 },
 {
  "index": 19,
  "name": "MinAllowedWeightSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "minimum allowed weight is set for a subnet."
  ]
 },
 {
  "index": 20,
  "name": "ValidatorPruneLenSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the validator pruning length has been set."
  ]
 },
 {
  "index": 21,
  "name": "ScalingLawPowerSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the scaling law power has been set for a subnet."
  ]
 },
 {
  "index": 22,
  "name": "WeightsSetRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "weights set rate limit has been set for a subnet."
  ]
 },
 {
  "index": 23,
  "name": "ImmunityPeriodSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "immunity period is set for a subnet."
  ]
 },
 {
  "index": 24,
  "name": "BondsMovingAverageSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "bonds moving average is set for a subnet."
  ]
 },
 {
  "index": 25,
  "name": "BondsPenaltySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "bonds penalty is set for a subnet."
  ]
 },
 {
  "index": 26,
  "name": "BondsResetOnSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "bool"
   }
  ],
  "docs": [
   "bonds reset is set for a subnet."
  ]
 },
 {
  "index": 27,
  "name": "MaxAllowedValidatorsSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "setting the max number of allowed validators on a subnet."
  ]
 },
 {
  "index": 28,
  "name": "AxonServed",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "the axon server information is added to the network."
  ]
 },
 {
  "index": 29,
  "name": "PrometheusServed",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "the prometheus server information is added to the network."
  ]
 },
 {
  "index": 30,
  "name": "DelegateAdded",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "a hotkey has become a delegate."
  ]
 },
 {
  "index": 31,
  "name": "DefaultTakeSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the default take is set."
  ]
 },
 {
  "index": 32,
  "name": "WeightsVersionKeySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "weights version key is set for a network."
  ]
 },
 {
  "index": 33,
  "name": "MinDifficultySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting min difficulty on a network."
  ]
 },
 {
  "index": 34,
  "name": "MaxDifficultySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting max difficulty on a network."
  ]
 },
 {
  "index": 35,
  "name": "ServingRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the prometheus serving rate limit."
  ]
 },
 {
  "index": 36,
  "name": "BurnSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting burn on a network."
  ]
 },
 {
  "index": 37,
  "name": "MaxBurnSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting max burn on a network."
  ]
 },
 {
  "index": 38,
  "name": "MinBurnSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting min burn on a network."
  ]
 },
 {
  "index": 39,
  "name": "TxRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the transaction rate limit."
  ]
 },
 {
  "index": 40,
  "name": "TxDelegateTakeRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the delegate take transaction rate limit."
  ]
 },
 {
  "index": 41,
  "name": "TxChildKeyTakeRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the childkey take transaction rate limit."
  ]
 },
 {
  "index": 42,
  "name": "MinChildKeyTakeSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "minimum childkey take set"
  ]
 },
 {
  "index": 43,
  "name": "MaxChildKeyTakeSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "maximum childkey take set"
  ]
 },
 {
  "index": 44,
  "name": "ChildKeyTakeSet",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "childkey take set"
  ]
 },
 {
  "index": 45,
  "name": "Sudid",
  "fields": [
   {
    "name": "",
    "type": "Result<(), DispatchError>"
   }
  ],
  "docs": [
   "a sudo call is done."
  ]
 },
 {
  "index": 46,
  "name": "RegistrationAllowed",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "bool"
   }
  ],
  "docs": [
   "registration is allowed/disallowed for a subnet."
  ]
 },
 {
  "index": 47,
  "name": "PowRegistrationAllowed",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "bool"
   }
  ],
  "docs": [
   "POW registration is allowed/disallowed for a subnet."
  ]
 },
 {
  "index": 48,
  "name": "TempoSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "setting tempo on a network"
  ]
 },
 {
  "index": 49,
  "name": "RAORecycledForRegistrationSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the RAO recycled for registration."
  ]
 },
 {
  "index": 50,
  "name": "StakeThresholdSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "min stake is set for validators to set weights."
  ]
 },
 {
  "index": 51,
  "name": "SenateRequiredStakePercentSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the minimum required stake amount for senate registration."
  ]
 },
 {
  "index": 52,
  "name": "AdjustmentAlphaSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "setting the adjustment alpha on a subnet."
  ]
 },
 {
  "index": 53,
  "name": "Faucet",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the faucet it called on the test net."
  ]
 },
 {
  "index": 54,
  "name": "SubnetOwnerCutSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the subnet owner cut is set."
  ]
 },
 {
  "index": 55,
  "name": "NetworkRateLimitSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the network creation rate limit is set."
  ]
 },
 {
  "index": 56,
  "name": "NetworkImmunityPeriodSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the network immunity period is set."
  ]
 },
 {
  "index": 57,
  "name": "NetworkMinLockCostSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the network minimum locking cost is set."
  ]
 },
 {
  "index": 58,
  "name": "NetworkLockCostReductionIntervalSet",
  "fields": [
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "the maximum number of subnets is set the lock cost reduction is set"
  ]
 },
 {
  "index": 59,
  "name": "TakeDecreased",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the take for a delegate is decreased."
  ]
 },
 {
  "index": 60,
  "name": "TakeIncreased",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "the take for a delegate is increased."
  ]
 },
 {
  "index": 61,
  "name": "HotkeySwapped",
  "fields": [
   {
    "name": "coldkey",
    "type": "AccountId32"
   },
   {
    "name": "old_hotkey",
    "type": "AccountId32"
   },
   {
    "name": "new_hotkey",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "the hotkey is swapped"
  ]
 },
 {
  "index": 62,
  "name": "MaxDelegateTakeSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "maximum delegate take is set by sudo/admin transaction"
  ]
 },
 {
  "index": 63,
  "name": "MinDelegateTakeSet",
  "fields": [
   {
    "name": "",
    "type": "u16"
   }
  ],
  "docs": [
   "minimum delegate take is set by sudo/admin transaction"
  ]
 },
 {
  "index": 64,
  "name": "SenateAdjusted",
  "fields": [
   {
    "name": "old_member",
    "type": "Option<AccountId32>"
   },
   {
    "name": "new_member",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "a member of the senate is adjusted"
  ]
 },
 {
  "index": 65,
  "name": "ColdkeySwapped",
  "fields": [
   {
    "name": "old_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "new_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "swap_cost",
    "type": "u64"
   }
  ],
  "docs": [
   "A coldkey has been swapped"
  ]
 },
 {
  "index": 66,
  "name": "AllBalanceUnstakedAndTransferredToNewColdkey",
  "fields": [
   {
    "name": "current_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "new_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "total_balance",
    "type": "u64"
   }
  ],
  "docs": [
   "All balance of a hotkey has been unstaked and transferred to a new coldkey"
  ]
 },
 {
  "index": 67,
  "name": "ColdkeySwapScheduled",
  "fields": [
   {
    "name": "old_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "new_coldkey",
    "type": "AccountId32"
   },
   {
    "name": "execution_block",
    "type": "u32"
   },
   {
    "name": "swap_cost",
    "type": "u64"
   }
  ],
  "docs": [
   "A coldkey swap has been scheduled"
  ]
 },
 {
  "index": 68,
  "name": "ArbitrationPeriodExtended",
  "fields": [
   {
    "name": "coldkey",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "The arbitration period has been extended"
  ]
 },
 {
  "index": 69,
  "name": "SetChildrenScheduled",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "Vec<(u64, AccountId32)>"
   }
  ],
  "docs": [
   "Setting of children of a hotkey have been scheduled"
  ]
 },
 {
  "index": 70,
  "name": "SetChildren",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "Vec<(u64, AccountId32)>"
   }
  ],
  "docs": [
   "The children of a hotkey have been set"
  ]
 },
 {
  "index": 71,
  "name": "ChainIdentitySet",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "The identity of a coldkey has been set"
  ]
 },
 {
  "index": 72,
  "name": "SubnetIdentitySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   }
  ],
  "docs": [
   "The identity of a subnet has been set"
  ]
 },
 {
  "index": 73,
  "name": "SubnetIdentityRemoved",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   }
  ],
  "docs": [
   "The identity of a subnet has been removed"
  ]
 },
 {
  "index": 74,
  "name": "DissolveNetworkScheduled",
  "fields": [
   {
    "name": "account",
    "type": "AccountId32"
   },
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "execution_block",
    "type": "u32"
   }
  ],
  "docs": [
   "A dissolve network extrinsic scheduled."
  ]
 },
 {
  "index": 75,
  "name": "ColdkeySwapScheduleDurationSet",
  "fields": [
   {
    "name": "",
    "type": "u32"
   }
  ],
  "docs": [
   "The duration of schedule coldkey swap has been set"
  ]
 },
 {
  "index": 76,
  "name": "DissolveNetworkScheduleDurationSet",
  "fields": [
   {
    "name": "",
    "type": "u32"
   }
  ],
  "docs": [
   "The duration of dissolve network has been set"
  ]
 },
 {
  "index": 77,
  "name": "CRV3WeightsCommitted",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "H256"
   }
  ],
  "docs": [
   "Commit-reveal v3 weights have been successfully committed.  - **who**: The account ID of the user committing the weights. - **netuid**: The network identifier. - **commit_hash**: The hash representing the committed weights."
  ]
 },
 {
  "index": 78,
  "name": "WeightsCommitted",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "H256"
   }
  ],
  "docs": [
   "Weights have been successfully committed.  - **who**: The account ID of the user committing the weights. - **netuid**: The network identifier. - **commit_hash**: The hash representing the committed weights."
  ]
 },
 {
  "index": 79,
  "name": "WeightsRevealed",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "H256"
   }
  ],
  "docs": [
   "Weights have been successfully revealed.  - **who**: The account ID of the user revealing the weights. - **netuid**: The network identifier. - **commit_hash**: The hash of the revealed weights."
  ]
 },
 {
  "index": 80,
  "name": "WeightsBatchRevealed",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "Vec<H256>"
   }
  ],
  "docs": [
   "Weights have been successfully batch revealed.  - **who**: The account ID of the user revealing the weights. - **netuid**: The network identifier. - **revealed_hashes**: A vector of hashes representing each revealed weight set."
  ]
 },
 {
  "index": 81,
  "name": "BatchWeightsCompleted",
  "fields": [
   {
    "name": "",
    "type": "Vec<Compact<NetUid>>"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "A batch of weights (or commits) have been force-set.  - **netuids**: The netuids these weights were successfully set/committed for. - **who**: The hotkey that set this batch."
  ]
 },
 {
  "index": 82,
  "name": "BatchCompletedWithErrors",
  "fields": [],
  "docs": [
   "A batch extrinsic completed but with some errors."
  ]
 },
 {
  "index": 83,
  "name": "BatchWeightItemFailed",
  "fields": [
   {
    "name": "",
    "type": "DispatchError"
   }
  ],
  "docs": [
   "A weight set among a batch of weights failed.  - **error**: The dispatch error emitted by the failed item."
  ]
 },
 {
  "index": 84,
  "name": "StakeTransferred",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "Stake has been transferred from one coldkey to another on the same subnet. Parameters: (origin_coldkey, destination_coldkey, hotkey, origin_netuid, destination_netuid, amount)"
  ]
 },
 {
  "index": 85,
  "name": "StakeSwapped",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "Stake has been swapped from one subnet to another for the same coldkey-hotkey pair.  Parameters: (coldkey, hotkey, origin_netuid, destination_netuid, amount)"
  ]
 },
 {
  "index": 86,
  "name": "TransferToggle",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "bool"
   }
  ],
  "docs": [
   "Event called when transfer is toggled on a subnet.  Parameters: (netuid, bool)"
  ]
 },
 {
  "index": 87,
  "name": "SubnetOwnerHotkeySet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "The owner hotkey for a subnet has been set.  Parameters: (netuid, new_hotkey)"
  ]
 },
 {
  "index": 88,
  "name": "FirstEmissionBlockNumberSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "FirstEmissionBlockNumber is set via start call extrinsic  Parameters: netuid block number"
  ]
 },
 {
  "index": 89,
  "name": "AlphaRecycled",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "NetUid"
   }
  ],
  "docs": [
   "Alpha has been recycled, reducing AlphaOut on a subnet.  Parameters: (coldkey, hotkey, amount, subnet_id)"
  ]
 },
 {
  "index": 90,
  "name": "AlphaBurned",
  "fields": [
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "AccountId32"
   },
   {
    "name": "",
    "type": "u64"
   },
   {
    "name": "",
    "type": "NetUid"
   }
  ],
  "docs": [
   "Alpha have been burned without reducing AlphaOut.  Parameters: (coldkey, hotkey, amount, subnet_id)"
  ]
 },
 {
  "index": 91,
  "name": "EvmKeyAssociated",
  "fields": [
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "hotkey",
    "type": "AccountId32"
   },
   {
    "name": "evm_key",
    "type": "[u8; 20]"
   },
   {
    "name": "block_associated",
    "type": "u64"
   }
  ],
  "docs": [
   "An EVM key has been associated with a hotkey."
  ]
 },
 {
  "index": 92,
  "name": "CRV3WeightsRevealed",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "AccountId32"
   }
  ],
  "docs": [
   "CRV3 Weights have been successfully revealed.  - **netuid**: The network identifier. - **who**: The account ID of the user revealing the weights."
  ]
 },
 {
  "index": 93,
  "name": "CommitRevealPeriodsSet",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "u64"
   }
  ],
  "docs": [
   "Commit-Reveal periods has been successfully set.  - **netuid**: The network identifier. - **periods**: The number of epochs before the reveal."
  ]
 },
 {
  "index": 94,
  "name": "CommitRevealEnabled",
  "fields": [
   {
    "name": "",
    "type": "NetUid"
   },
   {
    "name": "",
    "type": "bool"
   }
  ],
  "docs": [
   "Commit-Reveal has been successfully toggled.  - **netuid**: The network identifier. - **Enabled**: Is Commit-Reveal enabled."
  ]
 },
 {
  "index": 95,
  "name": "HotkeySwappedOnSubnet",
  "fields": [
   {
    "name": "coldkey",
    "type": "AccountId32"
   },
   {
    "name": "old_hotkey",
    "type": "AccountId32"
   },
   {
    "name": "new_hotkey",
    "type": "AccountId32"
   },
   {
    "name": "netuid",
    "type": "NetUid"
   }
  ],
  "docs": [
   "the hotkey is swapped"
  ]
 },
 {
  "index": 96,
  "name": "SubnetLeaseCreated",
  "fields": [
   {
    "name": "beneficiary",
    "type": "AccountId32"
   },
   {
    "name": "lease_id",
    "type": "u32"
   },
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "end_block",
    "type": "Option<u32>"
   }
  ],
  "docs": [
   "A subnet lease has been created."
  ]
 },
 {
  "index": 97,
  "name": "SubnetLeaseTerminated",
  "fields": [
   {
    "name": "beneficiary",
    "type": "AccountId32"
   },
   {
    "name": "netuid",
    "type": "NetUid"
   }
  ],
  "docs": [
   "A subnet lease has been terminated."
  ]
 },
 {
  "index": 98,
  "name": "SymbolUpdated",
  "fields": [
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "symbol",
    "type": "Vec<u8>"
   }
  ],
  "docs": [
   "The symbol for a subnet has been updated."
  ]
 }
];

export const SUBTENSOR_ERRORS: ErrorDef[] = [
 {
  "index": 0,
  "name": "SubNetworkDoesNotExist",
  "docs": [
   "The subnet does not exist."
  ]
 },
 {
  "index": 1,
  "name": "RootNetworkDoesNotExist",
  "docs": [
   "The root network does not exist."
  ]
 },
 {
  "index": 2,
  "name": "InvalidIpType",
  "docs": [
   "The user is trying to serve an axon which is not of type 4 (IPv4) or 6 (IPv6)."
  ]
 },
 {
  "index": 3,
  "name": "InvalidIpAddress",
  "docs": [
   "An invalid IP address is passed to the serve function."
  ]
 },
 {
  "index": 4,
  "name": "InvalidPort",
  "docs": [
   "An invalid port is passed to the serve function."
  ]
 },
 {
  "index": 5,
  "name": "HotKeyNotRegisteredInSubNet",
  "docs": [
   "The hotkey is not registered in subnet"
  ]
 },
 {
  "index": 6,
  "name": "HotKeyAccountNotExists",
  "docs": [
   "The hotkey does not exists"
  ]
 },
 {
  "index": 7,
  "name": "HotKeyNotRegisteredInNetwork",
  "docs": [
   "The hotkey is not registered in any subnet."
  ]
 },
 {
  "index": 8,
  "name": "NonAssociatedColdKey",
  "docs": [
   "Request to stake, unstake or subscribe is made by a coldkey that is not associated with the hotkey account."
  ]
 },
 {
  "index": 9,
  "name": "NotEnoughStake",
  "docs": [
   "DEPRECATED: Stake amount to withdraw is zero. The caller does not have enought stake to perform this action."
  ]
 },
 {
  "index": 10,
  "name": "NotEnoughStakeToWithdraw",
  "docs": [
   "The caller is requesting removing more stake than there exists in the staking account. See: \"[remove_stake()]\"."
  ]
 },
 {
  "index": 11,
  "name": "NotEnoughStakeToSetWeights",
  "docs": [
   "The caller is requesting to set weights but the caller has less than minimum stake required to set weights (less than WeightsMinStake)."
  ]
 },
 {
  "index": 12,
  "name": "NotEnoughStakeToSetChildkeys",
  "docs": [
   "The parent hotkey doesn't have enough own stake to set childkeys."
  ]
 },
 {
  "index": 13,
  "name": "NotEnoughBalanceToStake",
  "docs": [
   "The caller is requesting adding more stake than there exists in the coldkey account. See: \"[add_stake()]\""
  ]
 },
 {
  "index": 14,
  "name": "BalanceWithdrawalError",
  "docs": [
   "The caller is trying to add stake, but for some reason the requested amount could not be withdrawn from the coldkey account."
  ]
 },
 {
  "index": 15,
  "name": "ZeroBalanceAfterWithdrawn",
  "docs": [
   "Unsuccessfully withdraw, balance could be zero (can not make account exist) after withdrawal."
  ]
 },
 {
  "index": 16,
  "name": "NeuronNoValidatorPermit",
  "docs": [
   "The caller is attempting to set non-self weights without being a permitted validator."
  ]
 },
 {
  "index": 17,
  "name": "WeightVecNotEqualSize",
  "docs": [
   "The caller is attempting to set the weight keys and values but these vectors have different size."
  ]
 },
 {
  "index": 18,
  "name": "DuplicateUids",
  "docs": [
   "The caller is attempting to set weights with duplicate UIDs in the weight matrix."
  ]
 },
 {
  "index": 19,
  "name": "UidVecContainInvalidOne",
  "docs": [
   "The caller is attempting to set weight to at least one UID that does not exist in the metagraph."
  ]
 },
 {
  "index": 20,
  "name": "WeightVecLengthIsLow",
  "docs": [
   "The dispatch is attempting to set weights on chain with fewer elements than are allowed."
  ]
 },
 {
  "index": 21,
  "name": "TooManyRegistrationsThisBlock",
  "docs": [
   "Number of registrations in this block exceeds the allowed number (i.e., exceeds the subnet hyperparameter \"max_regs_per_block\")."
  ]
 },
 {
  "index": 22,
  "name": "HotKeyAlreadyRegisteredInSubNet",
  "docs": [
   "The caller is requesting registering a neuron which already exists in the active set."
  ]
 },
 {
  "index": 23,
  "name": "NewHotKeyIsSameWithOld",
  "docs": [
   "The new hotkey is the same as old one"
  ]
 },
 {
  "index": 24,
  "name": "InvalidWorkBlock",
  "docs": [
   "The supplied PoW hash block is in the future or negative."
  ]
 },
 {
  "index": 25,
  "name": "InvalidDifficulty",
  "docs": [
   "The supplied PoW hash block does not meet the network difficulty."
  ]
 },
 {
  "index": 26,
  "name": "InvalidSeal",
  "docs": [
   "The supplied PoW hash seal does not match the supplied work."
  ]
 },
 {
  "index": 27,
  "name": "MaxWeightExceeded",
  "docs": [
   "The dispatch is attempting to set weights on chain with weight value exceeding the MaxWeightLimit (max_weight_limit subnet hyperparameter)."
  ]
 },
 {
  "index": 28,
  "name": "HotKeyAlreadyDelegate",
  "docs": [
   "The hotkey is attempting to become a delegate when the hotkey is already a delegate."
  ]
 },
 {
  "index": 29,
  "name": "SettingWeightsTooFast",
  "docs": [
   "A transactor exceeded the rate limit for setting weights."
  ]
 },
 {
  "index": 30,
  "name": "IncorrectWeightVersionKey",
  "docs": [
   "A validator is attempting to set weights from a validator with incorrect weight version."
  ]
 },
 {
  "index": 31,
  "name": "ServingRateLimitExceeded",
  "docs": [
   "An axon or prometheus serving exceeded the rate limit for a registered neuron."
  ]
 },
 {
  "index": 32,
  "name": "UidsLengthExceedUidsInSubNet",
  "docs": [
   "The caller is attempting to set weights with more UIDs than allowed."
  ]
 },
 {
  "index": 33,
  "name": "NetworkTxRateLimitExceeded",
  "docs": [
   "A transactor exceeded the rate limit for add network transaction."
  ]
 },
 {
  "index": 34,
  "name": "DelegateTxRateLimitExceeded",
  "docs": [
   "A transactor exceeded the rate limit for delegate transaction."
  ]
 },
 {
  "index": 35,
  "name": "HotKeySetTxRateLimitExceeded",
  "docs": [
   "A transactor exceeded the rate limit for setting or swapping hotkey."
  ]
 },
 {
  "index": 36,
  "name": "StakingRateLimitExceeded",
  "docs": [
   "A transactor exceeded the rate limit for staking."
  ]
 },
 {
  "index": 37,
  "name": "SubNetRegistrationDisabled",
  "docs": [
   "Registration is disabled."
  ]
 },
 {
  "index": 38,
  "name": "TooManyRegistrationsThisInterval",
  "docs": [
   "The number of registration attempts exceeded the allowed number in the interval."
  ]
 },
 {
  "index": 39,
  "name": "TransactorAccountShouldBeHotKey",
  "docs": [
   "The hotkey is required to be the origin."
  ]
 },
 {
  "index": 40,
  "name": "NotSenateMember",
  "docs": [
   "A hotkey is attempting to do something only senate members can do."
  ]
 },
 {
  "index": 41,
  "name": "FaucetDisabled",
  "docs": [
   "Faucet is disabled."
  ]
 },
 {
  "index": 42,
  "name": "NotSubnetOwner",
  "docs": [
   "Not a subnet owner."
  ]
 },
 {
  "index": 43,
  "name": "RegistrationNotPermittedOnRootSubnet",
  "docs": [
   "Operation is not permitted on the root subnet."
  ]
 },
 {
  "index": 44,
  "name": "StakeTooLowForRoot",
  "docs": [
   "A hotkey with too little stake is attempting to join the root subnet."
  ]
 },
 {
  "index": 45,
  "name": "AllNetworksInImmunity",
  "docs": [
   "All subnets are in the immunity period."
  ]
 },
 {
  "index": 46,
  "name": "NotEnoughBalanceToPaySwapHotKey",
  "docs": [
   "Not enough balance to pay swapping hotkey."
  ]
 },
 {
  "index": 47,
  "name": "NotRootSubnet",
  "docs": [
   "Netuid does not match for setting root network weights."
  ]
 },
 {
  "index": 48,
  "name": "CanNotSetRootNetworkWeights",
  "docs": [
   "Can not set weights for the root network."
  ]
 },
 {
  "index": 49,
  "name": "NoNeuronIdAvailable",
  "docs": [
   "No neuron ID is available."
  ]
 },
 {
  "index": 50,
  "name": "DelegateTakeTooLow",
  "docs": [
   "Delegate take is too low."
  ]
 },
 {
  "index": 51,
  "name": "DelegateTakeTooHigh",
  "docs": [
   "Delegate take is too high."
  ]
 },
 {
  "index": 52,
  "name": "NoWeightsCommitFound",
  "docs": [
   "No commit found for the provided hotkey+netuid combination when attempting to reveal the weights."
  ]
 },
 {
  "index": 53,
  "name": "InvalidRevealCommitHashNotMatch",
  "docs": [
   "Committed hash does not equal the hashed reveal data."
  ]
 },
 {
  "index": 54,
  "name": "CommitRevealEnabled",
  "docs": [
   "Attempting to call set_weights when commit/reveal is enabled"
  ]
 },
 {
  "index": 55,
  "name": "CommitRevealDisabled",
  "docs": [
   "Attemtping to commit/reveal weights when disabled."
  ]
 },
 {
  "index": 56,
  "name": "CouldNotJoinSenate",
  "docs": [
   "Not able to join the senate."
  ]
 },
 {
  "index": 57,
  "name": "LiquidAlphaDisabled",
  "docs": [
   "Attempting to set alpha high/low while disabled"
  ]
 },
 {
  "index": 58,
  "name": "AlphaHighTooLow",
  "docs": [
   "Alpha high is too low: alpha_high > 0.8"
  ]
 },
 {
  "index": 59,
  "name": "AlphaLowOutOfRange",
  "docs": [
   "Alpha low is out of range: alpha_low > 0 && alpha_low < 0.8"
  ]
 },
 {
  "index": 60,
  "name": "ColdKeyAlreadyAssociated",
  "docs": [
   "The coldkey has already been swapped"
  ]
 },
 {
  "index": 61,
  "name": "NotEnoughBalanceToPaySwapColdKey",
  "docs": [
   "The coldkey balance is not enough to pay for the swap"
  ]
 },
 {
  "index": 62,
  "name": "ColdkeyIsInArbitration",
  "docs": [
   "The coldkey is in arbitration"
  ]
 },
 {
  "index": 63,
  "name": "InvalidChild",
  "docs": [
   "Attempting to set an invalid child for a hotkey on a network."
  ]
 },
 {
  "index": 64,
  "name": "DuplicateChild",
  "docs": [
   "Duplicate child when setting children."
  ]
 },
 {
  "index": 65,
  "name": "ProportionOverflow",
  "docs": [
   "Proportion overflow when setting children."
  ]
 },
 {
  "index": 66,
  "name": "TooManyChildren",
  "docs": [
   "Too many children MAX 5."
  ]
 },
 {
  "index": 67,
  "name": "TxRateLimitExceeded",
  "docs": [
   "Default transaction rate limit exceeded."
  ]
 },
 {
  "index": 68,
  "name": "SwapAlreadyScheduled",
  "docs": [
   "Swap already scheduled."
  ]
 },
 {
  "index": 69,
  "name": "FailedToSchedule",
  "docs": [
   "failed to swap coldkey"
  ]
 },
 {
  "index": 70,
  "name": "NewColdKeyIsHotkey",
  "docs": [
   "New coldkey is hotkey"
  ]
 },
 {
  "index": 71,
  "name": "InvalidChildkeyTake",
  "docs": [
   "Childkey take is invalid."
  ]
 },
 {
  "index": 72,
  "name": "TxChildkeyTakeRateLimitExceeded",
  "docs": [
   "Childkey take rate limit exceeded."
  ]
 },
 {
  "index": 73,
  "name": "InvalidIdentity",
  "docs": [
   "Invalid identity."
  ]
 },
 {
  "index": 74,
  "name": "MechanismDoesNotExist",
  "docs": [
   "Trying to register a subnet into a mechanism that does not exist."
  ]
 },
 {
  "index": 75,
  "name": "CannotUnstakeLock",
  "docs": [
   "Trying to unstake your lock amount."
  ]
 },
 {
  "index": 76,
  "name": "SubnetNotExists",
  "docs": [
   "Trying to perform action on non-existent subnet."
  ]
 },
 {
  "index": 77,
  "name": "TooManyUnrevealedCommits",
  "docs": [
   "Maximum commit limit reached"
  ]
 },
 {
  "index": 78,
  "name": "ExpiredWeightCommit",
  "docs": [
   "Attempted to reveal weights that are expired."
  ]
 },
 {
  "index": 79,
  "name": "RevealTooEarly",
  "docs": [
   "Attempted to reveal weights too early."
  ]
 },
 {
  "index": 80,
  "name": "InputLengthsUnequal",
  "docs": [
   "Attempted to batch reveal weights with mismatched vector input lenghts."
  ]
 },
 {
  "index": 81,
  "name": "CommittingWeightsTooFast",
  "docs": [
   "A transactor exceeded the rate limit for setting weights."
  ]
 },
 {
  "index": 82,
  "name": "AmountTooLow",
  "docs": [
   "Stake amount is too low."
  ]
 },
 {
  "index": 83,
  "name": "InsufficientLiquidity",
  "docs": [
   "Not enough liquidity."
  ]
 },
 {
  "index": 84,
  "name": "SlippageTooHigh",
  "docs": [
   "Slippage is too high for the transaction."
  ]
 },
 {
  "index": 85,
  "name": "TransferDisallowed",
  "docs": [
   "Subnet disallows transfer."
  ]
 },
 {
  "index": 86,
  "name": "ActivityCutoffTooLow",
  "docs": [
   "Activity cutoff is being set too low."
  ]
 },
 {
  "index": 87,
  "name": "CallDisabled",
  "docs": [
   "Call is disabled"
  ]
 },
 {
  "index": 88,
  "name": "FirstEmissionBlockNumberAlreadySet",
  "docs": [
   "FirstEmissionBlockNumber is already set."
  ]
 },
 {
  "index": 89,
  "name": "NeedWaitingMoreBlocksToStarCall",
  "docs": [
   "need wait for more blocks to accept the start call extrinsic."
  ]
 },
 {
  "index": 90,
  "name": "NotEnoughAlphaOutToRecycle",
  "docs": [
   "Not enough AlphaOut on the subnet to recycle"
  ]
 },
 {
  "index": 91,
  "name": "CannotBurnOrRecycleOnRootSubnet",
  "docs": [
   "Cannot burn or recycle TAO from root subnet"
  ]
 },
 {
  "index": 92,
  "name": "UnableToRecoverPublicKey",
  "docs": [
   "Public key cannot be recovered."
  ]
 },
 {
  "index": 93,
  "name": "InvalidRecoveredPublicKey",
  "docs": [
   "Recovered public key is invalid."
  ]
 },
 {
  "index": 94,
  "name": "SubtokenDisabled",
  "docs": [
   "SubToken disabled now"
  ]
 },
 {
  "index": 95,
  "name": "HotKeySwapOnSubnetIntervalNotPassed",
  "docs": [
   "Too frequent hotkey swap on subnet"
  ]
 },
 {
  "index": 96,
  "name": "ZeroMaxStakeAmount",
  "docs": [
   "Zero max stake amount"
  ]
 },
 {
  "index": 97,
  "name": "SameNetuid",
  "docs": [
   "Invalid netuid duplication"
  ]
 },
 {
  "index": 98,
  "name": "InsufficientBalance",
  "docs": [
   "The caller does not have enough balance for the operation."
  ]
 },
 {
  "index": 99,
  "name": "StakingOperationRateLimitExceeded",
  "docs": [
   "Too frequent staking operations"
  ]
 },
 {
  "index": 100,
  "name": "InvalidLeaseBeneficiary",
  "docs": [
   "Invalid lease beneficiary to register the leased network."
  ]
 },
 {
  "index": 101,
  "name": "LeaseCannotEndInThePast",
  "docs": [
   "Lease cannot end in the past."
  ]
 },
 {
  "index": 102,
  "name": "LeaseNetuidNotFound",
  "docs": [
   "Couldn't find the lease netuid."
  ]
 },
 {
  "index": 103,
  "name": "LeaseDoesNotExist",
  "docs": [
   "Lease does not exist."
  ]
 },
 {
  "index": 104,
  "name": "LeaseHasNoEndBlock",
  "docs": [
   "Lease has no end block."
  ]
 },
 {
  "index": 105,
  "name": "LeaseHasNotEnded",
  "docs": [
   "Lease has not ended."
  ]
 },
 {
  "index": 106,
  "name": "Overflow",
  "docs": [
   "An overflow occurred."
  ]
 },
 {
  "index": 107,
  "name": "BeneficiaryDoesNotOwnHotkey",
  "docs": [
   "Beneficiary does not own hotkey."
  ]
 },
 {
  "index": 108,
  "name": "ExpectedBeneficiaryOrigin",
  "docs": [
   "Expected beneficiary origin."
  ]
 },
 {
  "index": 109,
  "name": "SymbolDoesNotExist",
  "docs": [
   "Symbol does not exist."
  ]
 },
 {
  "index": 110,
  "name": "SymbolAlreadyInUse",
  "docs": [
   "Symbol already in use."
  ]
 }
];

export const ADMIN_UTILS_EVENTS: EventDef[] = [
 {
  "index": 0,
  "name": "PrecompileUpdated",
  "fields": [
   {
    "name": "precompile_id",
    "type": "PrecompileEnum"
   },
   {
    "name": "enabled",
    "type": "bool"
   }
  ],
  "docs": [
   "Event emitted when a precompile operation is updated."
  ]
 },
 {
  "index": 1,
  "name": "Yuma3EnableToggled",
  "fields": [
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "enabled",
    "type": "bool"
   }
  ],
  "docs": [
   "Event emitted when the Yuma3 enable is toggled."
  ]
 },
 {
  "index": 2,
  "name": "BondsResetToggled",
  "fields": [
   {
    "name": "netuid",
    "type": "NetUid"
   },
   {
    "name": "enabled",
    "type": "bool"
   }
  ],
  "docs": [
   "Event emitted when Bonds Reset is toggled."
  ]
 }
];

export const ADMIN_UTILS_ERRORS: ErrorDef[] = [
 {
  "index": 0,
  "name": "SubnetDoesNotExist",
  "docs": [
   "The subnet does not exist, check the netuid parameter"
  ]
 },
 {
  "index": 1,
  "name": "MaxValidatorsLargerThanMaxUIds",
  "docs": [
   "The maximum number of subnet validators must be less than the maximum number of allowed UIDs in the subnet."
  ]
 },
 {
  "index": 2,
  "name": "MaxAllowedUIdsLessThanCurrentUIds",
  "docs": [
   "The maximum number of subnet validators must be more than the current number of UIDs already in the subnet."
  ]
 },
 {
  "index": 3,
  "name": "BondsMovingAverageMaxReached",
  "docs": [
   "The maximum value for bonds moving average is reached"
  ]
 },
 {
  "index": 4,
  "name": "NegativeSigmoidSteepness",
  "docs": [
   "Only root can set negative sigmoid steepness values"
  ]
 }
];

/** Constants as the real runtime reports them: name, type, SCALE value. */
export const SUBTENSOR_CONSTANTS: { name: string; type: string; hex: string }[] = [
 {
  "name": "InitialIssuance",
  "type": "u64",
  "hex": "0x0000000000000000"
 },
 {
  "name": "InitialMinAllowedWeights",
  "type": "u16",
  "hex": "0x0004"
 },
 {
  "name": "InitialEmissionValue",
  "type": "u16",
  "hex": "0x0000"
 },
 {
  "name": "InitialMaxWeightsLimit",
  "type": "u16",
  "hex": "0xe803"
 },
 {
  "name": "InitialTempo",
  "type": "u16",
  "hex": "0x0a00"
 },
 {
  "name": "InitialDifficulty",
  "type": "u64",
  "hex": "0x8096980000000000"
 },
 {
  "name": "InitialMaxDifficulty",
  "type": "u64",
  "hex": "0xffffffffffffff3f"
 },
 {
  "name": "InitialMinDifficulty",
  "type": "u64",
  "hex": "0x8096980000000000"
 },
 {
  "name": "InitialRAORecycledForRegistration",
  "type": "u64",
  "hex": "0x0000000000000000"
 },
 {
  "name": "InitialBurn",
  "type": "u64",
  "hex": "0x00e1f50500000000"
 },
 {
  "name": "InitialMaxBurn",
  "type": "u64",
  "hex": "0x00e8764817000000"
 },
 {
  "name": "InitialMinBurn",
  "type": "u64",
  "hex": "0x20a1070000000000"
 },
 {
  "name": "InitialAdjustmentInterval",
  "type": "u16",
  "hex": "0x6400"
 },
 {
  "name": "InitialBondsMovingAverage",
  "type": "u64",
  "hex": "0xa0bb0d0000000000"
 },
 {
  "name": "InitialBondsPenalty",
  "type": "u16",
  "hex": "0xffff"
 },
 {
  "name": "InitialBondsResetOn",
  "type": "bool",
  "hex": "0x00"
 },
 {
  "name": "InitialTargetRegistrationsPerInterval",
  "type": "u16",
  "hex": "0x0200"
 },
 {
  "name": "InitialRho",
  "type": "u16",
  "hex": "0x0a00"
 },
 {
  "name": "InitialAlphaSigmoidSteepness",
  "type": "i16",
  "hex": "0xe803"
 },
 {
  "name": "InitialKappa",
  "type": "u16",
  "hex": "0xff7f"
 },
 {
  "name": "InitialMaxAllowedUids",
  "type": "u16",
  "hex": "0x0010"
 },
 {
  "name": "InitialValidatorPruneLen",
  "type": "u64",
  "hex": "0x0100000000000000"
 },
 {
  "name": "InitialScalingLawPower",
  "type": "u16",
  "hex": "0x3200"
 },
 {
  "name": "InitialImmunityPeriod",
  "type": "u16",
  "hex": "0x0010"
 },
 {
  "name": "InitialActivityCutoff",
  "type": "u16",
  "hex": "0x8813"
 },
 {
  "name": "InitialMaxRegistrationsPerBlock",
  "type": "u16",
  "hex": "0x0100"
 },
 {
  "name": "InitialPruningScore",
  "type": "u16",
  "hex": "0xffff"
 },
 {
  "name": "InitialMaxAllowedValidators",
  "type": "u16",
  "hex": "0x8000"
 },
 {
  "name": "InitialDefaultDelegateTake",
  "type": "u16",
  "hex": "0x142e"
 },
 {
  "name": "InitialMinDelegateTake",
  "type": "u16",
  "hex": "0x0000"
 },
 {
  "name": "InitialDefaultChildKeyTake",
  "type": "u16",
  "hex": "0x0000"
 },
 {
  "name": "InitialMinChildKeyTake",
  "type": "u16",
  "hex": "0x0000"
 },
 {
  "name": "InitialMaxChildKeyTake",
  "type": "u16",
  "hex": "0x142e"
 },
 {
  "name": "InitialWeightsVersionKey",
  "type": "u64",
  "hex": "0x0000000000000000"
 },
 {
  "name": "InitialServingRateLimit",
  "type": "u64",
  "hex": "0x3200000000000000"
 },
 {
  "name": "InitialTxRateLimit",
  "type": "u64",
  "hex": "0xe803000000000000"
 },
 {
  "name": "InitialTxDelegateTakeRateLimit",
  "type": "u64",
  "hex": "0xc04b030000000000"
 },
 {
  "name": "InitialTxChildKeyTakeRateLimit",
  "type": "u64",
  "hex": "0x0500000000000000"
 },
 {
  "name": "InitialSenateRequiredStakePercentage",
  "type": "u64",
  "hex": "0x0100000000000000"
 },
 {
  "name": "InitialAdjustmentAlpha",
  "type": "u64",
  "hex": "0x0000000000000000"
 },
 {
  "name": "InitialNetworkImmunityPeriod",
  "type": "u64",
  "hex": "0xe0c4000000000000"
 },
 {
  "name": "InitialNetworkMinAllowedUids",
  "type": "u16",
  "hex": "0x8000"
 },
 {
  "name": "InitialNetworkMinLockCost",
  "type": "u64",
  "hex": "0x0010a5d4e8000000"
 },
 {
  "name": "InitialSubnetOwnerCut",
  "type": "u16",
  "hex": "0x142e"
 },
 {
  "name": "InitialNetworkLockReductionInterval",
  "type": "u64",
  "hex": "0xc089010000000000"
 },
 {
  "name": "InitialNetworkRateLimit",
  "type": "u64",
  "hex": "0x201c000000000000"
 },
 {
  "name": "KeySwapCost",
  "type": "u64",
  "hex": "0x00e1f50500000000"
 },
 {
  "name": "AlphaHigh",
  "type": "u16",
  "hex": "0x66e6"
 },
 {
  "name": "AlphaLow",
  "type": "u16",
  "hex": "0x33b3"
 },
 {
  "name": "LiquidAlphaOn",
  "type": "bool",
  "hex": "0x00"
 },
 {
  "name": "InitialColdkeySwapScheduleDuration",
  "type": "u32",
  "hex": "0xa08c0000"
 },
 {
  "name": "InitialColdkeySwapRescheduleDuration",
  "type": "u32",
  "hex": "0x201c0000"
 },
 {
  "name": "InitialDissolveNetworkScheduleDuration",
  "type": "u32",
  "hex": "0xa08c0000"
 },
 {
  "name": "InitialTaoWeight",
  "type": "u64",
  "hex": "0xfc62e03efa3c7c0d"
 },
 {
  "name": "InitialEmaPriceHalvingPeriod",
  "type": "u64",
  "hex": "0x8013030000000000"
 },
 {
  "name": "DurationOfStartCall",
  "type": "u64",
  "hex": "0x0a00000000000000"
 },
 {
  "name": "KeySwapOnSubnetCost",
  "type": "u64",
  "hex": "0x40420f0000000000"
 },
 {
  "name": "HotkeySwapOnSubnetInterval",
  "type": "u64",
  "hex": "0xa08c000000000000"
 },
 {
  "name": "LeaseDividendsDistributionInterval",
  "type": "u32",
  "hex": "0x64000000"
 }
];

export interface StorageSpec { name: string; hashers: string[]; keys: string[]; value: string; optional: boolean; default: string }

export const SUBTENSOR_STORAGE: StorageSpec[] = [
 {
  "name": "MinActivityCutoff",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x6801"
 },
 {
  "name": "ColdkeySwapScheduleDuration",
  "hashers": [],
  "keys": [],
  "value": "u32",
  "optional": false,
  "default": "0xa08c0000"
 },
 {
  "name": "ColdkeySwapRescheduleDuration",
  "hashers": [],
  "keys": [],
  "value": "u32",
  "optional": false,
  "default": "0x201c0000"
 },
 {
  "name": "DissolveNetworkScheduleDuration",
  "hashers": [],
  "keys": [],
  "value": "u32",
  "optional": false,
  "default": "0xa08c0000"
 },
 {
  "name": "SenateRequiredStakePercentage",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0100000000000000"
 },
 {
  "name": "LastHotkeySwapOnNetuid",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "NextStakeJobId",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TaoWeight",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0xfc62e03efa3c7c0d"
 },
 {
  "name": "MaxDelegateTake",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x142e"
 },
 {
  "name": "MinDelegateTake",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "MaxChildkeyTake",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x142e"
 },
 {
  "name": "MinChildkeyTake",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "Owner",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "AccountId32",
  "optional": false,
  "default": "0x0000000000000000000000000000000000000000000000000000000000000000"
 },
 {
  "name": "Delegates",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x142e"
 },
 {
  "name": "ChildkeyTake",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "PendingChildKeys",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "(Vec<(u64,AccountId32)>,u64)",
  "optional": false,
  "default": "0x000000000000000000"
 },
 {
  "name": "ChildKeys",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "Vec<(u64,AccountId32)>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "ParentKeys",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "Vec<(u64,AccountId32)>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "AlphaDividendsPerSubnet",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TaoDividendsPerSubnet",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "BlockEmission",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x00ca9a3b00000000"
 },
 {
  "name": "LastHotkeyEmissionOnNetuid",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TotalIssuance",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TotalStake",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetMovingAlpha",
  "hashers": [],
  "keys": [],
  "value": "{\"bits\":\"i128\"}",
  "optional": false,
  "default": "0x55320000000000000000000000000000"
 },
 {
  "name": "SubnetMovingPrice",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "{\"bits\":\"i128\"}",
  "optional": false,
  "default": "0x00000000000000000000000000000000"
 },
 {
  "name": "SubnetVolume",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u128",
  "optional": false,
  "default": "0x00000000000000000000000000000000"
 },
 {
  "name": "SubnetTAO",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetTaoProvided",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetAlphaInEmission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetAlphaOutEmission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetTaoInEmission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetAlphaIn",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetAlphaInProvided",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetAlphaOut",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "StakingHotkeys",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "Vec<AccountId32>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "OwnedHotkeys",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "Vec<AccountId32>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "ColdkeySwapScheduled",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "(u32,AccountId32)",
  "optional": false,
  "default": "0x000000000000000000000000000000000000000000000000000000000000000000000000"
 },
 {
  "name": "TotalHotkeyAlpha",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TotalHotkeyAlphaLastEpoch",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TotalHotkeyShares",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "{\"bits\":\"u128\"}",
  "optional": false,
  "default": "0x00000000000000000000000000000000"
 },
 {
  "name": "Alpha",
  "hashers": [
   "Blake2_128Concat",
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "AccountId32",
   "u16"
  ],
  "value": "{\"bits\":\"u128\"}",
  "optional": false,
  "default": "0x00000000000000000000000000000000"
 },
 {
  "name": "TokenSymbol",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Bytes",
  "optional": false,
  "default": "0x10f09d9c8f"
 },
 {
  "name": "UsedWork",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "Bytes"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "MaxRegistrationsPerBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0100"
 },
 {
  "name": "TotalNetworks",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "NetworkImmunityPeriod",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0xe0c4000000000000"
 },
 {
  "name": "NetworkLastRegistered",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "NetworkMinLockCost",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0010a5d4e8000000"
 },
 {
  "name": "NetworkLastLockCost",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0010a5d4e8000000"
 },
 {
  "name": "NetworkLockReductionInterval",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0xc089010000000000"
 },
 {
  "name": "SubnetOwnerCut",
  "hashers": [],
  "keys": [],
  "value": "u16",
  "optional": false,
  "default": "0x142e"
 },
 {
  "name": "NetworkRateLimit",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x201c000000000000"
 },
 {
  "name": "NominatorMinRequiredStake",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "WeightsVersionKeyRateLimit",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0500000000000000"
 },
 {
  "name": "LastRateLimitedBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "{\"_enum\":{\"SetSNOwnerHotkey\":\"u16\"}}"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TransferToggle",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x01"
 },
 {
  "name": "SubnetLocked",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "LargestLocked",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "Tempo",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0a00"
 },
 {
  "name": "FirstEmissionBlockNumber",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetMechanism",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "SubnetworkN",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "NetworkModality",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "NetworksAdded",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "IsNetworkMember",
  "hashers": [
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "NetworkRegistrationAllowed",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x01"
 },
 {
  "name": "NetworkPowRegistrationAllowed",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x01"
 },
 {
  "name": "NetworkRegisteredAt",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "PendingEmission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "PendingRootDivs",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "PendingAlphaSwapped",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "PendingOwnerCut",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "BlocksSinceLastStep",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "LastMechansimStepBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "SubnetOwner",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "AccountId32",
  "optional": false,
  "default": "0x0000000000000000000000000000000000000000000000000000000000000000"
 },
 {
  "name": "SubnetOwnerHotkey",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "AccountId32",
  "optional": false,
  "default": "0x0000000000000000000000000000000000000000000000000000000000000000"
 },
 {
  "name": "ServingRateLimit",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x3200000000000000"
 },
 {
  "name": "Rho",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0a00"
 },
 {
  "name": "AlphaSigmoidSteepness",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "i16",
  "optional": false,
  "default": "0xe803"
 },
 {
  "name": "Kappa",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0xff7f"
 },
 {
  "name": "RegistrationsThisInterval",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "POWRegistrationsThisInterval",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "BurnRegistrationsThisInterval",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "MaxAllowedUids",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0010"
 },
 {
  "name": "ImmunityPeriod",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0010"
 },
 {
  "name": "ActivityCutoff",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x8813"
 },
 {
  "name": "MaxWeightsLimit",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0xe803"
 },
 {
  "name": "WeightsVersionKey",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "MinAllowedWeights",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0004"
 },
 {
  "name": "MaxAllowedValidators",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x8000"
 },
 {
  "name": "AdjustmentInterval",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x6400"
 },
 {
  "name": "BondsMovingAverage",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0xa0bb0d0000000000"
 },
 {
  "name": "BondsPenalty",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0xffff"
 },
 {
  "name": "BondsResetOn",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "WeightsSetRateLimit",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x6400000000000000"
 },
 {
  "name": "ValidatorPruneLen",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0100000000000000"
 },
 {
  "name": "ScalingLawPower",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x3200"
 },
 {
  "name": "TargetRegistrationsPerInterval",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0200"
 },
 {
  "name": "AdjustmentAlpha",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "CommitRevealWeightsEnabled",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Burn",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x00e1f50500000000"
 },
 {
  "name": "Difficulty",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x8096980000000000"
 },
 {
  "name": "MinBurn",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x20a1070000000000"
 },
 {
  "name": "MaxBurn",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x00e8764817000000"
 },
 {
  "name": "MinDifficulty",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x8096980000000000"
 },
 {
  "name": "MaxDifficulty",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0xffffffffffffff3f"
 },
 {
  "name": "LastAdjustmentBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "RegistrationsThisBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u16",
  "optional": false,
  "default": "0x0000"
 },
 {
  "name": "EMAPriceHalvingBlocks",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x8013030000000000"
 },
 {
  "name": "RAORecycledForRegistration",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "TxRateLimit",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0xe803000000000000"
 },
 {
  "name": "TxDelegateTakeRateLimit",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0xc04b030000000000"
 },
 {
  "name": "TxChildkeyTakeRateLimit",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0500000000000000"
 },
 {
  "name": "LiquidAlphaOn",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Yuma3On",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "AlphaValues",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "(u16,u16)",
  "optional": false,
  "default": "0x33b366e6"
 },
 {
  "name": "SubtokenEnabled",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "StakeWeight",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Uids",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "u16",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "Keys",
  "hashers": [
   "Identity",
   "Identity"
  ],
  "keys": [
   "u16",
   "u16"
  ],
  "value": "AccountId32",
  "optional": false,
  "default": "0x0000000000000000000000000000000000000000000000000000000000000000"
 },
 {
  "name": "LoadedEmission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<(AccountId32,u64,u64)>",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "Active",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<bool>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Rank",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Trust",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Consensus",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Incentive",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Dividends",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Emission",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u64>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "LastUpdate",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u64>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "ValidatorTrust",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "PruningScores",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<u16>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "ValidatorPermit",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "u16"
  ],
  "value": "Vec<bool>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Weights",
  "hashers": [
   "Identity",
   "Identity"
  ],
  "keys": [
   "u16",
   "u16"
  ],
  "value": "Vec<(u16,u16)>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "Bonds",
  "hashers": [
   "Identity",
   "Identity"
  ],
  "keys": [
   "u16",
   "u16"
  ],
  "value": "Vec<(u16,u16)>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "BlockAtRegistration",
  "hashers": [
   "Identity",
   "Identity"
  ],
  "keys": [
   "u16",
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "Axons",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "{\"block\":\"u64\",\"version\":\"u32\",\"ip\":\"u128\",\"port\":\"u16\",\"ipType\":\"u8\",\"protocol\":\"u8\",\"placeholder1\":\"u8\",\"placeholder2\":\"u8\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "NeuronCertificates",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "{\"publicKey\":\"Bytes\",\"algorithm\":\"u8\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "Prometheus",
  "hashers": [
   "Identity",
   "Blake2_128Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "{\"block\":\"u64\",\"version\":\"u32\",\"ip\":\"u128\",\"port\":\"u16\",\"ipType\":\"u8\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "Identities",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "{\"name\":\"Bytes\",\"url\":\"Bytes\",\"image\":\"Bytes\",\"discord\":\"Bytes\",\"description\":\"Bytes\",\"additional\":\"Bytes\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "IdentitiesV2",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "{\"name\":\"Bytes\",\"url\":\"Bytes\",\"githubRepo\":\"Bytes\",\"image\":\"Bytes\",\"discord\":\"Bytes\",\"description\":\"Bytes\",\"additional\":\"Bytes\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetIdentities",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "{\"subnetName\":\"Bytes\",\"githubRepo\":\"Bytes\",\"subnetContact\":\"Bytes\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetIdentitiesV2",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "{\"subnetName\":\"Bytes\",\"githubRepo\":\"Bytes\",\"subnetContact\":\"Bytes\",\"subnetUrl\":\"Bytes\",\"discord\":\"Bytes\",\"description\":\"Bytes\",\"additional\":\"Bytes\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetIdentitiesV3",
  "hashers": [
   "Blake2_128Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "{\"subnetName\":\"Bytes\",\"githubRepo\":\"Bytes\",\"subnetContact\":\"Bytes\",\"subnetUrl\":\"Bytes\",\"discord\":\"Bytes\",\"description\":\"Bytes\",\"logoUrl\":\"Bytes\",\"additional\":\"Bytes\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "TransactionKeyLastBlock",
  "hashers": [
   "Blake2_128Concat",
   "Identity",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "u16",
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "LastTxBlock",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "LastTxBlockChildKeyTake",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "LastTxBlockDelegateTake",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "AccountId32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "StakeThreshold",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "WeightCommits",
  "hashers": [
   "Twox64Concat",
   "Twox64Concat"
  ],
  "keys": [
   "u16",
   "AccountId32"
  ],
  "value": "Vec<(H256,u64,u64,u64)>",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "CRV3WeightCommits",
  "hashers": [
   "Twox64Concat",
   "Twox64Concat"
  ],
  "keys": [
   "u16",
   "u64"
  ],
  "value": "Vec<(AccountId32,Bytes,u64)>",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "RevealPeriodEpochs",
  "hashers": [
   "Twox64Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0100000000000000"
 },
 {
  "name": "LastColdkeyHotkeyStakeBlock",
  "hashers": [
   "Twox64Concat",
   "Twox64Concat"
  ],
  "keys": [
   "AccountId32",
   "AccountId32"
  ],
  "value": "u64",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "StakingOperationRateLimiter",
  "hashers": [
   "Blake2_128Concat",
   "Blake2_128Concat",
   "Identity"
  ],
  "keys": [
   "AccountId32",
   "AccountId32",
   "u16"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "AssociatedEvmAddress",
  "hashers": [
   "Twox64Concat",
   "Twox64Concat"
  ],
  "keys": [
   "u16",
   "u16"
  ],
  "value": "(H160,u64)",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetLeases",
  "hashers": [
   "Twox64Concat"
  ],
  "keys": [
   "u32"
  ],
  "value": "{\"beneficiary\":\"AccountId32\",\"coldkey\":\"AccountId32\",\"hotkey\":\"AccountId32\",\"emissionsShare\":\"Percent\",\"endBlock\":\"Option<u32>\",\"netuid\":\"u16\",\"cost\":\"u64\"}",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "SubnetLeaseShares",
  "hashers": [
   "Twox64Concat",
   "Identity"
  ],
  "keys": [
   "u32",
   "AccountId32"
  ],
  "value": "{\"bits\":\"u128\"}",
  "optional": false,
  "default": "0x00000000000000000000000000000000"
 },
 {
  "name": "SubnetUidToLeaseId",
  "hashers": [
   "Twox64Concat"
  ],
  "keys": [
   "u16"
  ],
  "value": "u32",
  "optional": true,
  "default": "0x00"
 },
 {
  "name": "NextSubnetLeaseId",
  "hashers": [],
  "keys": [],
  "value": "u32",
  "optional": false,
  "default": "0x00000000"
 },
 {
  "name": "AccumulatedLeaseDividends",
  "hashers": [
   "Twox64Concat"
  ],
  "keys": [
   "u32"
  ],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 },
 {
  "name": "HasMigrationRun",
  "hashers": [
   "Identity"
  ],
  "keys": [
   "Bytes"
  ],
  "value": "bool",
  "optional": false,
  "default": "0x00"
 },
 {
  "name": "PendingChildKeyCooldown",
  "hashers": [],
  "keys": [],
  "value": "u64",
  "optional": false,
  "default": "0x0000000000000000"
 }
];

/** Calls of the real runtime: index, name, [argument name, Rust type]. */
export const SUBTENSOR_CALLS: { index: number; name: string; args: [string, string][] }[] = [{"index": 0, "name": "set_weights", "args": [["netuid", "NetUid"], ["dests", "Vec<u16>"], ["weights", "Vec<u16>"], ["version_key", "u64"]]}, {"index": 80, "name": "batch_set_weights", "args": [["netuids", "Vec<Compact<NetUid>>"], ["weights", "Vec<Vec<(Compact<u16>, Compact<u16>)>>"], ["version_keys", "Vec<Compact<u64>>"]]}, {"index": 96, "name": "commit_weights", "args": [["netuid", "NetUid"], ["commit_hash", "H256"]]}, {"index": 100, "name": "batch_commit_weights", "args": [["netuids", "Vec<Compact<NetUid>>"], ["commit_hashes", "Vec<H256>"]]}, {"index": 97, "name": "reveal_weights", "args": [["netuid", "NetUid"], ["uids", "Vec<u16>"], ["values", "Vec<u16>"], ["salt", "Vec<u16>"], ["version_key", "u64"]]}, {"index": 99, "name": "commit_crv3_weights", "args": [["netuid", "NetUid"], ["commit", "BoundedVec<u8, ConstU32<MAX_CRV3_COMMIT_SIZE_BYTES>>"], ["reveal_round", "u64"]]}, {"index": 98, "name": "batch_reveal_weights", "args": [["netuid", "NetUid"], ["uids_list", "Vec<Vec<u16>>"], ["values_list", "Vec<Vec<u16>>"], ["salts_list", "Vec<Vec<u16>>"], ["version_keys", "Vec<u64>"]]}, {"index": 8, "name": "set_tao_weights", "args": [["netuid", "NetUid"], ["hotkey", "T::AccountId"], ["dests", "Vec<u16>"], ["weights", "Vec<u16>"], ["version_key", "u64"]]}, {"index": 1, "name": "become_delegate", "args": [["hotkey", "T::AccountId"]]}, {"index": 65, "name": "decrease_take", "args": [["hotkey", "T::AccountId"], ["take", "u16"]]}, {"index": 66, "name": "increase_take", "args": [["hotkey", "T::AccountId"], ["take", "u16"]]}, {"index": 2, "name": "add_stake", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["amount_staked", "u64"]]}, {"index": 3, "name": "remove_stake", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["amount_unstaked", "u64"]]}, {"index": 4, "name": "serve_axon", "args": [["netuid", "NetUid"], ["version", "u32"], ["ip", "u128"], ["port", "u16"], ["ip_type", "u8"], ["protocol", "u8"], ["placeholder1", "u8"], ["placeholder2", "u8"]]}, {"index": 40, "name": "serve_axon_tls", "args": [["netuid", "NetUid"], ["version", "u32"], ["ip", "u128"], ["port", "u16"], ["ip_type", "u8"], ["protocol", "u8"], ["placeholder1", "u8"], ["placeholder2", "u8"], ["certificate", "Vec<u8>"]]}, {"index": 5, "name": "serve_prometheus", "args": [["netuid", "NetUid"], ["version", "u32"], ["ip", "u128"], ["port", "u16"], ["ip_type", "u8"]]}, {"index": 6, "name": "register", "args": [["netuid", "NetUid"], ["block_number", "u64"], ["nonce", "u64"], ["work", "Vec<u8>"], ["hotkey", "T::AccountId"], ["coldkey", "T::AccountId"]]}, {"index": 62, "name": "root_register", "args": [["hotkey", "T::AccountId"]]}, {"index": 63, "name": "adjust_senate", "args": [["hotkey", "T::AccountId"]]}, {"index": 7, "name": "burned_register", "args": [["netuid", "NetUid"], ["hotkey", "T::AccountId"]]}, {"index": 70, "name": "swap_hotkey", "args": [["hotkey", "T::AccountId"], ["new_hotkey", "T::AccountId"], ["netuid", "Option<NetUid>"]]}, {"index": 71, "name": "swap_coldkey", "args": [["old_coldkey", "T::AccountId"], ["new_coldkey", "T::AccountId"], ["swap_cost", "u64"]]}, {"index": 75, "name": "set_childkey_take", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["take", "u16"]]}, {"index": 69, "name": "sudo_set_tx_childkey_take_rate_limit", "args": [["tx_rate_limit", "u64"]]}, {"index": 76, "name": "sudo_set_min_childkey_take", "args": [["take", "u16"]]}, {"index": 77, "name": "sudo_set_max_childkey_take", "args": [["take", "u16"]]}, {"index": 51, "name": "sudo", "args": [["call", "Box<T::SudoRuntimeCall>"]]}, {"index": 52, "name": "sudo_unchecked_weight", "args": [["call", "Box<T::SudoRuntimeCall>"], ["weight", "Weight"]]}, {"index": 55, "name": "vote", "args": [["hotkey", "T::AccountId"], ["proposal", "T::Hash"], ["index", "u32"], ["approve", "bool"]]}, {"index": 59, "name": "register_network", "args": [["hotkey", "T::AccountId"]]}, {"index": 60, "name": "faucet", "args": [["block_number", "u64"], ["nonce", "u64"], ["work", "Vec<u8>"]]}, {"index": 61, "name": "dissolve_network", "args": [["coldkey", "T::AccountId"], ["netuid", "NetUid"]]}, {"index": 67, "name": "set_children", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["children", "Vec<(u64, T::AccountId)>"]]}, {"index": 73, "name": "schedule_swap_coldkey", "args": [["new_coldkey", "T::AccountId"]]}, {"index": 74, "name": "schedule_dissolve_network", "args": [["netuid", "NetUid"]]}, {"index": 68, "name": "set_identity", "args": [["name", "Vec<u8>"], ["url", "Vec<u8>"], ["github_repo", "Vec<u8>"], ["image", "Vec<u8>"], ["discord", "Vec<u8>"], ["description", "Vec<u8>"], ["additional", "Vec<u8>"]]}, {"index": 78, "name": "set_subnet_identity", "args": [["netuid", "NetUid"], ["subnet_name", "Vec<u8>"], ["github_repo", "Vec<u8>"], ["subnet_contact", "Vec<u8>"], ["subnet_url", "Vec<u8>"], ["discord", "Vec<u8>"], ["description", "Vec<u8>"], ["logo_url", "Vec<u8>"], ["additional", "Vec<u8>"]]}, {"index": 79, "name": "register_network_with_identity", "args": [["hotkey", "T::AccountId"], ["identity", "Option<SubnetIdentityOfV3>"]]}, {"index": 83, "name": "unstake_all", "args": [["hotkey", "T::AccountId"]]}, {"index": 84, "name": "unstake_all_alpha", "args": [["hotkey", "T::AccountId"]]}, {"index": 85, "name": "move_stake", "args": [["origin_hotkey", "T::AccountId"], ["destination_hotkey", "T::AccountId"], ["origin_netuid", "NetUid"], ["destination_netuid", "NetUid"], ["alpha_amount", "u64"]]}, {"index": 86, "name": "transfer_stake", "args": [["destination_coldkey", "T::AccountId"], ["hotkey", "T::AccountId"], ["origin_netuid", "NetUid"], ["destination_netuid", "NetUid"], ["alpha_amount", "u64"]]}, {"index": 87, "name": "swap_stake", "args": [["hotkey", "T::AccountId"], ["origin_netuid", "NetUid"], ["destination_netuid", "NetUid"], ["alpha_amount", "u64"]]}, {"index": 88, "name": "add_stake_limit", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["amount_staked", "u64"], ["limit_price", "u64"], ["allow_partial", "bool"]]}, {"index": 89, "name": "remove_stake_limit", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["amount_unstaked", "u64"], ["limit_price", "u64"], ["allow_partial", "bool"]]}, {"index": 90, "name": "swap_stake_limit", "args": [["hotkey", "T::AccountId"], ["origin_netuid", "NetUid"], ["destination_netuid", "NetUid"], ["alpha_amount", "u64"], ["limit_price", "u64"], ["allow_partial", "bool"]]}, {"index": 91, "name": "try_associate_hotkey", "args": [["hotkey", "T::AccountId"]]}, {"index": 92, "name": "start_call", "args": [["netuid", "NetUid"]]}, {"index": 93, "name": "associate_evm_key", "args": [["netuid", "NetUid"], ["evm_key", "H160"], ["block_number", "u64"], ["signature", "Signature"]]}, {"index": 101, "name": "recycle_alpha", "args": [["hotkey", "T::AccountId"], ["amount", "u64"], ["netuid", "NetUid"]]}, {"index": 102, "name": "burn_alpha", "args": [["hotkey", "T::AccountId"], ["amount", "u64"], ["netuid", "NetUid"]]}, {"index": 109, "name": "set_pending_childkey_cooldown", "args": [["cooldown", "u64"]]}, {"index": 103, "name": "remove_stake_full_limit", "args": [["hotkey", "T::AccountId"], ["netuid", "NetUid"], ["limit_price", "Option<u64>"]]}, {"index": 110, "name": "register_leased_network", "args": [["emissions_share", "Percent"], ["end_block", "Option<BlockNumberFor<T>>"]]}, {"index": 111, "name": "terminate_lease", "args": [["lease_id", "LeaseId"], ["hotkey", "T::AccountId"]]}, {"index": 112, "name": "update_symbol", "args": [["netuid", "NetUid"], ["symbol", "Vec<u8>"]]}];

/** Calls of the real runtime: index, name, [argument name, Rust type]. */
export const ADMIN_UTILS_CALLS: { index: number; name: string; args: [string, string][] }[] = [{"index": 0, "name": "swap_authorities", "args": [["new_authorities", "BoundedVec<<T as Config>::AuthorityId, T::MaxAuthorities>"]]}, {"index": 1, "name": "sudo_set_default_take", "args": [["default_take", "u16"]]}, {"index": 2, "name": "sudo_set_tx_rate_limit", "args": [["tx_rate_limit", "u64"]]}, {"index": 3, "name": "sudo_set_serving_rate_limit", "args": [["netuid", "NetUid"], ["serving_rate_limit", "u64"]]}, {"index": 4, "name": "sudo_set_min_difficulty", "args": [["netuid", "NetUid"], ["min_difficulty", "u64"]]}, {"index": 5, "name": "sudo_set_max_difficulty", "args": [["netuid", "NetUid"], ["max_difficulty", "u64"]]}, {"index": 6, "name": "sudo_set_weights_version_key", "args": [["netuid", "NetUid"], ["weights_version_key", "u64"]]}, {"index": 7, "name": "sudo_set_weights_set_rate_limit", "args": [["netuid", "NetUid"], ["weights_set_rate_limit", "u64"]]}, {"index": 8, "name": "sudo_set_adjustment_interval", "args": [["netuid", "NetUid"], ["adjustment_interval", "u16"]]}, {"index": 9, "name": "sudo_set_adjustment_alpha", "args": [["netuid", "NetUid"], ["adjustment_alpha", "u64"]]}, {"index": 12, "name": "sudo_set_max_weight_limit", "args": [["netuid", "NetUid"], ["max_weight_limit", "u16"]]}, {"index": 13, "name": "sudo_set_immunity_period", "args": [["netuid", "NetUid"], ["immunity_period", "u16"]]}, {"index": 14, "name": "sudo_set_min_allowed_weights", "args": [["netuid", "NetUid"], ["min_allowed_weights", "u16"]]}, {"index": 15, "name": "sudo_set_max_allowed_uids", "args": [["netuid", "NetUid"], ["max_allowed_uids", "u16"]]}, {"index": 16, "name": "sudo_set_kappa", "args": [["netuid", "NetUid"], ["kappa", "u16"]]}, {"index": 17, "name": "sudo_set_rho", "args": [["netuid", "NetUid"], ["rho", "u16"]]}, {"index": 18, "name": "sudo_set_activity_cutoff", "args": [["netuid", "NetUid"], ["activity_cutoff", "u16"]]}, {"index": 19, "name": "sudo_set_network_registration_allowed", "args": [["netuid", "NetUid"], ["registration_allowed", "bool"]]}, {"index": 20, "name": "sudo_set_network_pow_registration_allowed", "args": [["netuid", "NetUid"], ["registration_allowed", "bool"]]}, {"index": 21, "name": "sudo_set_target_registrations_per_interval", "args": [["netuid", "NetUid"], ["target_registrations_per_interval", "u16"]]}, {"index": 22, "name": "sudo_set_min_burn", "args": [["netuid", "NetUid"], ["min_burn", "u64"]]}, {"index": 23, "name": "sudo_set_max_burn", "args": [["netuid", "NetUid"], ["max_burn", "u64"]]}, {"index": 24, "name": "sudo_set_difficulty", "args": [["netuid", "NetUid"], ["difficulty", "u64"]]}, {"index": 25, "name": "sudo_set_max_allowed_validators", "args": [["netuid", "NetUid"], ["max_allowed_validators", "u16"]]}, {"index": 26, "name": "sudo_set_bonds_moving_average", "args": [["netuid", "NetUid"], ["bonds_moving_average", "u64"]]}, {"index": 60, "name": "sudo_set_bonds_penalty", "args": [["netuid", "NetUid"], ["bonds_penalty", "u16"]]}, {"index": 27, "name": "sudo_set_max_registrations_per_block", "args": [["netuid", "NetUid"], ["max_registrations_per_block", "u16"]]}, {"index": 28, "name": "sudo_set_subnet_owner_cut", "args": [["subnet_owner_cut", "u16"]]}, {"index": 29, "name": "sudo_set_network_rate_limit", "args": [["rate_limit", "u64"]]}, {"index": 30, "name": "sudo_set_tempo", "args": [["netuid", "NetUid"], ["tempo", "u16"]]}, {"index": 33, "name": "sudo_set_total_issuance", "args": [["total_issuance", "u64"]]}, {"index": 35, "name": "sudo_set_network_immunity_period", "args": [["immunity_period", "u64"]]}, {"index": 36, "name": "sudo_set_network_min_lock_cost", "args": [["lock_cost", "u64"]]}, {"index": 37, "name": "sudo_set_subnet_limit", "args": [["max_subnets", "u16"]]}, {"index": 38, "name": "sudo_set_lock_reduction_interval", "args": [["interval", "u64"]]}, {"index": 39, "name": "sudo_set_rao_recycled", "args": [["netuid", "NetUid"], ["rao_recycled", "u64"]]}, {"index": 42, "name": "sudo_set_stake_threshold", "args": [["min_stake", "u64"]]}, {"index": 43, "name": "sudo_set_nominator_min_required_stake", "args": [["min_stake", "u64"]]}, {"index": 45, "name": "sudo_set_tx_delegate_take_rate_limit", "args": [["tx_rate_limit", "u64"]]}, {"index": 46, "name": "sudo_set_min_delegate_take", "args": [["take", "u16"]]}, {"index": 49, "name": "sudo_set_commit_reveal_weights_enabled", "args": [["netuid", "NetUid"], ["enabled", "bool"]]}, {"index": 50, "name": "sudo_set_liquid_alpha_enabled", "args": [["netuid", "NetUid"], ["enabled", "bool"]]}, {"index": 51, "name": "sudo_set_alpha_values", "args": [["netuid", "NetUid"], ["alpha_low", "u16"], ["alpha_high", "u16"]]}, {"index": 53, "name": "sudo_set_network_max_stake", "args": [["netuid", "NetUid"], ["max_stake", "u64"]]}, {"index": 54, "name": "sudo_set_coldkey_swap_schedule_duration", "args": [["duration", "BlockNumberFor<T>"]]}, {"index": 55, "name": "sudo_set_dissolve_network_schedule_duration", "args": [["duration", "BlockNumberFor<T>"]]}, {"index": 57, "name": "sudo_set_commit_reveal_weights_interval", "args": [["netuid", "NetUid"], ["interval", "u64"]]}, {"index": 58, "name": "sudo_set_evm_chain_id", "args": [["chain_id", "u64"]]}, {"index": 59, "name": "schedule_grandpa_change", "args": [["next_authorities", "AuthorityList"], ["in_blocks", "BlockNumberFor<T>"], ["forced", "Option<BlockNumberFor<T>>"]]}, {"index": 61, "name": "sudo_set_toggle_transfer", "args": [["netuid", "NetUid"], ["toggle", "bool"]]}, {"index": 62, "name": "sudo_toggle_evm_precompile", "args": [["precompile_id", "PrecompileEnum"], ["enabled", "bool"]]}, {"index": 63, "name": "sudo_set_subnet_moving_alpha", "args": [["alpha", "I96F32"]]}, {"index": 64, "name": "sudo_set_subnet_owner_hotkey", "args": [["netuid", "NetUid"], ["hotkey", "<T as frame_system::Config>::AccountId"]]}, {"index": 65, "name": "sudo_set_ema_price_halving_period", "args": [["netuid", "NetUid"], ["ema_halving", "u64"]]}, {"index": 68, "name": "sudo_set_alpha_sigmoid_steepness", "args": [["netuid", "NetUid"], ["steepness", "i16"]]}, {"index": 69, "name": "sudo_set_yuma3_enabled", "args": [["netuid", "NetUid"], ["enabled", "bool"]]}, {"index": 70, "name": "sudo_set_bonds_reset_enabled", "args": [["netuid", "NetUid"], ["enabled", "bool"]]}, {"index": 67, "name": "sudo_set_sn_owner_hotkey", "args": [["netuid", "NetUid"], ["hotkey", "<T as frame_system::Config>::AccountId"]]}, {"index": 66, "name": "sudo_set_subtoken_enabled", "args": [["netuid", "NetUid"], ["subtoken_enabled", "bool"]]}];

