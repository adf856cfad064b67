<?php
/** Fake of CiviCRM's in-memory queue: items in order, claimed, deleted or released. Testkit code. */
class CRM_Queue_Queue_Memory {
  private $name;
  private $items = array();
  private $claimed = array();

  public function __construct($queueSpec) {
    $this->name = $queueSpec['name'];
  }

  public function getName() {
    return $this->name;
  }

  public function createItem($data, $options = array()) {
    $this->items[] = $data;
  }

  public function numberOfItems() {
    return count($this->items);
  }

  public function claimItem($leaseTime = 3600) {
    if (empty($this->items)) {
      return FALSE;
    }
    $item = new stdClass();
    $item->data = $this->items[0];
    return $item;
  }

  public function stealItem($leaseTime = 3600) {
    return $this->claimItem($leaseTime);
  }

  public function deleteItem($item) {
    array_shift($this->items);
  }

  public function releaseItem($item) {
  }
}
