/**
 * Chain-wide parameters that only root may set: AdminUtils setters without a
 * netuid, each guarded by `ensure_root`, so they go through `Sudo.sudo` signed
 * by the sudo key. Names follow the setter (`sudo_set_<name>`); the storage
 * item is a plain value in SubtensorModule.
 */
export interface RootParameterSpec {
  name: string;
  storage: string;
  setter: string;
  /** what a user reaches for it to do */
  purpose: string;
}

export const ROOT_PARAMETERS: readonly RootParameterSpec[] = [
  {
    name: 'network_rate_limit',
    storage: 'NetworkRateLimit',
    setter: 'sudo_set_network_rate_limit',
    purpose: 'blocks between two subnet registrations (0: no limit)',
  },
  {
    name: 'network_min_lock_cost',
    storage: 'NetworkMinLockCost',
    setter: 'sudo_set_network_min_lock_cost',
    purpose: 'the lowest lock cost of a new subnet, RAO',
  },
  { name: 'tx_rate_limit', storage: 'TxRateLimit', setter: 'sudo_set_tx_rate_limit', purpose: 'blocks between two rate-limited transactions of one key' },
  {
    name: 'tx_delegate_take_rate_limit',
    storage: 'TxDelegateTakeRateLimit',
    setter: 'sudo_set_tx_delegate_take_rate_limit',
    purpose: 'blocks between two delegate take changes',
  },
  {
    name: 'subnet_owner_cut',
    storage: 'SubnetOwnerCut',
    setter: 'sudo_set_subnet_owner_cut',
    purpose: "the subnet owner's share of emission (u16 proportion)",
  },
  {
    name: 'admin_freeze_window',
    storage: 'AdminFreezeWindow',
    setter: 'sudo_set_admin_freeze_window',
    purpose: "blocks before each subnet's epoch in which hyperparameter setters are refused",
  },
  {
    name: 'owner_hparam_rate_limit',
    storage: 'OwnerHyperparamRateLimit',
    setter: 'sudo_set_owner_hparam_rate_limit',
    purpose: 'tempos a subnet owner waits between two changes of one hyperparameter (0: no limit)',
  },
  { name: 'stake_threshold', storage: 'StakeThreshold', setter: 'sudo_set_stake_threshold', purpose: 'the stake a hotkey needs to set weights, RAO' },
];

export function rootParameterSpec(name: string): RootParameterSpec | undefined {
  return ROOT_PARAMETERS.find((p) => p.name === name);
}
