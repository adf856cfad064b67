<?php
/** Fake of CiviCRM's task context. Testkit code. */
class CRM_Queue_TaskContext {
  public $queue;
  public $log;
}
