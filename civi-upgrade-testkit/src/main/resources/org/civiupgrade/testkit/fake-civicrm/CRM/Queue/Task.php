<?php
/** Fake of CiviCRM's queue task: a callback with arguments and a title. Testkit code. */
class CRM_Queue_Task {
  public $callback;
  public $arguments;
  public $title;

  public function __construct($callback, $arguments, $title = NULL) {
    $this->callback = $callback;
    $this->arguments = $arguments;
    $this->title = $title;
  }

  public function run($taskCtx) {
    return call_user_func_array($this->callback, array_merge(array($taskCtx), $this->arguments));
  }
}
